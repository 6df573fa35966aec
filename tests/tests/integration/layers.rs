//! No module cycles in the tablet app or the shared crate: each module depends only on modules
//! that do not depend back on it, file by file and between top-level modules (see
//! `tests::layers`).

use std::path::Path;
use tests::layers::{module_cycles, module_graph};

fn crate_src(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(name)
        .join("src")
}

#[test]
fn the_app_and_shared_crates_have_no_module_cycles() {
    for name in ["app", "shared"] {
        let cycles = module_cycles(&crate_src(name));
        assert!(cycles.is_empty(), "{name}: module cycles {cycles:?}");
    }
}

/// The app's layers, top first: a module may use only modules of layers below its own (see
/// ARCHITECTURE.md and `app/src/lib.rs`).
const APP_LAYERS: &[&[&str]] = &[
    &["app"],
    &["pages"],
    &["components"],
    &["session", "startup"],
    &["state"],
    &["workflow", "sync", "escape"],
    &["catalog"],
    &["store"],
    &["vault"],
    &["platform", "storage", "format"],
];

#[test]
fn the_app_is_layered_as_documented() {
    let graph = module_graph(&crate_src("app"));
    let layer = |top: &str| {
        APP_LAYERS
            .iter()
            .position(|layer| layer.contains(&top))
            .unwrap_or_else(|| panic!("the app module {top} is in no layer"))
    };
    let module = |path: &str| -> Vec<String> { path.split("::").map(str::to_owned).collect() };
    // The graph is read at all: known edges are there.
    for (from, to) in [
        ("app", "pages::home"),
        ("pages::home", "state"),
        ("store::outbox", "vault"),
        ("pages::questionnaire", "workflow::finish"),
    ] {
        assert!(
            graph[&module(from)].contains(&module(to)),
            "{from} is read as using {to}"
        );
    }
    for (from, targets) in &graph {
        let Some(from_top) = from.first() else {
            continue;
        };
        for to in targets {
            if to[0] != *from_top {
                assert!(
                    layer(&to[0]) > layer(from_top),
                    "{} uses {}, which is not in a layer below it",
                    from.join("::"),
                    to.join("::")
                );
            }
        }
    }
}

#[test]
fn the_checker_finds_cycles_through_use_groups_paths_and_children() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    let write = |path: &str, text: &str| {
        let file = src.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    };
    write(
        "lib.rs",
        "//! Root.\npub mod a;\npub mod b;\npub mod c;\npub mod d;\n",
    );
    // a -> b through a use group, b -> a through an inline path: a cycle.
    write("a.rs", "use crate::{b::{self, Thing as Other}, c};\n");
    write(
        "b.rs",
        "// crate::c in a comment is no use\nfn f() { crate::a::g(\"crate::d\"); }\n",
    );
    // c is a parent whose child uses it back: a cycle at file level only.
    write("c/mod.rs", "mod child;\npub use child::Item;\n");
    write("c/child.rs", "use super::Shared;\n");
    write("d.rs", "use std::fmt;\n");

    let graph = module_graph(src);
    let module = |path: &str| -> Vec<String> { path.split("::").map(str::to_owned).collect() };
    assert!(graph[&module("a")].contains(&module("b")));
    assert!(graph[&module("a")].contains(&module("c")));
    assert_eq!(
        graph[&module("b")].iter().cloned().collect::<Vec<_>>(),
        [module("a")]
    );
    assert!(
        graph[&module("d")].is_empty(),
        "std is not a module of the crate"
    );

    let cycles = module_cycles(src);
    let named = |names: &[&str]| cycles.contains(&names.iter().map(|n| (*n).to_owned()).collect());
    assert!(named(&["a", "b"]), "{cycles:?}");
    assert!(named(&["c", "c::child"]), "{cycles:?}");
    assert_eq!(
        cycles.len(),
        3,
        "a and b again between top-level modules: {cycles:?}"
    );
}
