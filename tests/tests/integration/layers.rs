//! No module cycles in `shared`, `server` or the tablet app: modules that share a parent never
//! depend on each other in a cycle, at any depth (see `tests::layers`); and the app's layers
//! point one way only.

use std::collections::BTreeSet;
use std::path::Path;
use tests::layers::{
    ModulePath, cycles, module_graph, references, strip_comments, strongly_connected,
};

fn crate_src(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(name)
        .join("src")
}

#[test]
fn shared_server_app_and_console_have_no_module_cycles() {
    for name in ["shared", "server", "app", "console"] {
        let found = cycles(&crate_src(name)).unwrap();
        assert!(found.is_empty(), "{name}: {}", found.join("\n"));
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
    &["i18n"],
    &["platform", "storage", "format", "reactive", "speech"],
];

/// The staff console's layers, top first (see ARCHITECTURE.md and `console/src/lib.rs`).
const CONSOLE_LAYERS: &[&[&str]] = &[
    &["app"],
    &["pages"],
    &["components"],
    &["alerts"],
    &["route", "session"],
    &["busy", "api"],
    &["instruments", "format", "browser"],
];

#[test]
fn the_app_is_layered_as_documented() {
    assert_layered(
        "app",
        APP_LAYERS,
        &[
            ("app", "pages::home"),
            ("pages::home", "state"),
            ("store::outbox", "vault"),
            ("pages::questionnaire", "workflow::finish"),
        ],
    );
}

#[test]
fn the_console_is_layered_as_documented() {
    assert_layered(
        "console",
        CONSOLE_LAYERS,
        &[
            ("app", "route"),
            ("pages::alerts", "alerts"),
            ("session", "api"),
            ("pages::outcomes", "components::chart"),
        ],
    );
}

/// Every use of a module outside its own top-level module points to a layer below; `known`
/// edges show the graph was read at all.
fn assert_layered(name: &str, layers: &[&[&str]], known: &[(&str, &str)]) {
    let graph = module_graph(&crate_src(name)).unwrap();
    let layer = |top: &str| {
        layers
            .iter()
            .position(|layer| layer.contains(&top))
            .unwrap_or_else(|| panic!("the {name} module {top} is in no layer"))
    };
    let module = |path: &str| -> Vec<String> { path.split("::").map(str::to_owned).collect() };
    for (from, to) in known {
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

fn paths(text: &str, module: &[&str]) -> Vec<String> {
    let module: ModulePath = module.iter().map(|s| (*s).to_owned()).collect();
    references(&strip_comments(text), &module)
        .into_iter()
        .map(|p| p.join("::"))
        .collect()
}

#[test]
fn the_checker_reads_grouped_imports_and_inline_paths() {
    let found = paths(
        "use crate::db::{self, users::{NewUser, User}};\nfn f() { crate::auth::check(); }",
        &["routes", "users"],
    );
    assert_eq!(
        found,
        ["db", "db::users::NewUser", "db::users::User", "auth::check"]
    );
}

#[test]
fn the_checker_resolves_super_and_ignores_comments_strings_and_macro_crate() {
    let found = paths(
        "// crate::app::Screen\nuse super::schema;\nlet s = \"crate::x\";\n$crate::db::Db",
        &["store", "outbox"],
    );
    assert_eq!(found, ["store::schema"]);
}

#[test]
fn the_checker_finds_a_cycle_between_siblings_and_none_in_a_chain() {
    let edges = |pairs: &[(&str, &str)]| -> BTreeSet<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    };
    assert_eq!(
        strongly_connected(&edges(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])).len(),
        1
    );
    assert!(strongly_connected(&edges(&[("a", "b"), ("b", "c"), ("a", "c")])).is_empty());
}

#[test]
fn the_checker_sees_cycles_in_a_crate_on_disk_at_the_root_and_below() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    let write = |path: &str, text: &str| {
        let file = src.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    };
    write("lib.rs", "//! root\nmod db;\nmod accounts;\nmod plain;");
    write(
        "db/mod.rs",
        "//! db\nmod audit;\nmod users;\nmod organisations;",
    );
    // Across the root: db::audit -> accounts, accounts -> db::audit.
    write("db/audit.rs", "use crate::accounts::now;\nuse super::Db;");
    write("accounts.rs", "use crate::db::audit;");
    // Below db: users <-> organisations, through a use group and an inline path.
    write("db/users.rs", "use super::{organisations::SUBTREE, Db};");
    write("db/organisations.rs", "fn f() { crate::db::users::get(); }");
    // A chain is not a cycle.
    write("plain.rs", "use crate::db::Db;");
    let found = cycles(src).unwrap();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found
            .iter()
            .any(|c| c.contains("accounts -> db") && c.contains("db -> accounts"))
    );
    assert!(
        found
            .iter()
            .any(|c| c.contains("organisations -> users") && c.contains("users -> organisations"))
    );
}
