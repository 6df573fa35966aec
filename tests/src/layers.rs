//! The layering check (used by `tests/integration/layers.rs`): inside each crate, modules that share a parent must not depend on each
//! other in a cycle. A reference from `crate::a::x` to `crate::b::y` is a dependency of `a` on
//! `b` among the children of the crate root, and one from `crate::db::users` to
//! `crate::db::organisations` is a dependency of `users` on `organisations` among the children of
//! `db`. References are read from the source text (`crate::`, `super::` and `self::` paths,
//! including grouped `use` lists); references to an ancestor or a descendant are not edges.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path below the crate root, e.g. `["db", "users"]`.
pub type ModulePath = Vec<String>;

/// What each module of the crate under `src` refers to: the modules (not the crate root, not
/// itself) named by its `crate::`, `super::` and `use self::` paths.
pub fn module_graph(src: &Path) -> Result<BTreeMap<ModulePath, BTreeSet<ModulePath>>, String> {
    let modules = module_files(src)?;
    let known: BTreeSet<ModulePath> = modules.keys().cloned().collect();
    let mut graph = BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("could not read {}: {e}", file.display()))?;
        let targets: BTreeSet<ModulePath> = references(&strip_comments(&text), module)
            .iter()
            .map(|target| longest_known_prefix(target, &known))
            .filter(|target| !target.is_empty() && target != module)
            .collect();
        graph.insert(module.clone(), targets);
    }
    Ok(graph)
}

/// Every sibling cycle in the crate whose sources are under `src`, each as a readable line.
pub fn cycles(src: &Path) -> Result<Vec<String>, String> {
    // Edges grouped by the parent whose children they connect.
    let mut edges: BTreeMap<ModulePath, BTreeSet<(String, String)>> = BTreeMap::new();
    for (module, targets) in module_graph(src)? {
        for target in targets {
            let common = module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            if common < module.len() && common < target.len() {
                edges
                    .entry(module[..common].to_vec())
                    .or_default()
                    .insert((module[common].clone(), target[common].clone()));
            }
        }
    }
    let mut found = Vec::new();
    for (parent, pairs) in &edges {
        for cycle in strongly_connected(pairs) {
            let scope = if parent.is_empty() {
                "the crate root".to_owned()
            } else {
                format!("`{}`", parent.join("::"))
            };
            let witnesses: Vec<String> = pairs
                .iter()
                .filter(|(a, b)| cycle.contains(a) && cycle.contains(b))
                .map(|(a, b)| format!("{a} -> {b}"))
                .collect();
            found.push(format!(
                "{}: modules under {scope} depend on each other in a cycle: {}",
                src.display(),
                witnesses.join(", ")
            ));
        }
    }
    Ok(found)
}

/// Every module file of the crate: `lib.rs`/`main.rs` is the root, `a.rs` or `a/mod.rs` is `a`.
fn module_files(src: &Path) -> Result<BTreeMap<ModulePath, PathBuf>, String> {
    let mut modules = BTreeMap::new();
    let mut pending = vec![src.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| format!("could not list {}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            if path.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).map_err(|e| e.to_string())?;
            let mut parts: Vec<String> = relative
                .iter()
                .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_owned())
                .collect();
            if matches!(
                parts.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                parts.pop();
            }
            modules.insert(parts, path);
        }
    }
    Ok(modules)
}

/// The source without `//` and `/* */` comments or string literals, so paths in prose and
/// messages are not read as references.
pub fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for next in chars.by_ref() {
                    if next == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for next in chars.by_ref() {
                    if previous == '*' && next == '/' {
                        break;
                    }
                    previous = next;
                }
                out.push(' ');
            }
            '"' => {
                let mut escaped = false;
                for next in chars.by_ref() {
                    if escaped {
                        escaped = false;
                    } else if next == '\\' {
                        escaped = true;
                    } else if next == '"' {
                        break;
                    }
                }
                out.push_str("\"\"");
            }
            _ => out.push(c),
        }
    }
    out
}

/// The modules a file refers to, as absolute module paths (possibly naming items inside them).
pub fn references(text: &str, module: &ModulePath) -> Vec<ModulePath> {
    let tokens = tokenize(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let start: Option<ModulePath> = match tokens[i].as_str() {
            // `$crate::` inside a macro definition names whatever crate expands it.
            "crate" if i == 0 || tokens[i - 1] != "$" => Some(Vec::new()),
            "super" if i == 0 || tokens[i - 1] != "::" => {
                let mut base = module.clone();
                base.pop();
                // `super::super::...`
                let mut j = i + 1;
                while j + 1 < tokens.len() && tokens[j] == "::" && tokens[j + 1] == "super" {
                    base.pop();
                    j += 2;
                }
                i = j - 1;
                Some(base)
            }
            "self" if i > 0 && tokens[i - 1] == "use" => Some(module.clone()),
            _ => None,
        };
        if let Some(base) = start
            && tokens.get(i + 1).is_some_and(|t| t == "::")
        {
            i = collect_paths(&tokens, i + 2, base, &mut found);
        } else {
            i += 1;
        }
    }
    found
}

/// Reads a path (or a `{...}` group of paths) starting at `i`, appending each to `found`;
/// returns the index after it.
fn collect_paths(
    tokens: &[String],
    mut i: usize,
    mut path: ModulePath,
    found: &mut Vec<ModulePath>,
) -> usize {
    loop {
        match tokens.get(i).map(String::as_str) {
            Some("{") => {
                i += 1;
                loop {
                    match tokens.get(i).map(String::as_str) {
                        Some("}") => return i + 1,
                        Some(",") => i += 1,
                        Some("self") => {
                            found.push(path.clone());
                            i += 1;
                        }
                        Some(_) => i = collect_paths(tokens, i, path.clone(), found),
                        None => return i,
                    }
                }
            }
            Some(segment) if is_identifier(segment) => {
                path.push(segment.to_owned());
                if tokens.get(i + 1).is_some_and(|t| t == "::") {
                    i += 2;
                } else {
                    found.push(path);
                    return i + 1;
                }
            }
            _ => {
                found.push(path);
                return i;
            }
        }
    }
}

fn is_identifier(token: &str) -> bool {
    token
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && token.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Identifiers, `::`, and single punctuation characters.
fn tokenize(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_alphanumeric() || c == '_' {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_alphanumeric() || c == '_' {
                    word.push(c);
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(word);
        } else if c == ':' {
            chars.next();
            if chars.peek() == Some(&':') {
                chars.next();
                tokens.push("::".to_owned());
            } else {
                tokens.push(":".to_owned());
            }
        } else if c.is_whitespace() {
            chars.next();
        } else {
            tokens.push(c.to_string());
            chars.next();
        }
    }
    tokens
}

/// The longest prefix of `path` that is a module of the crate (an item path names its module).
fn longest_known_prefix(path: &ModulePath, known: &BTreeSet<ModulePath>) -> ModulePath {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| known.contains(prefix))
        .unwrap_or_default()
}

/// The groups of two or more nodes that reach each other (by reachability: the graphs are small).
pub fn strongly_connected(edges: &BTreeSet<(String, String)>) -> Vec<BTreeSet<String>> {
    let nodes: BTreeSet<&String> = edges.iter().flat_map(|(a, b)| [a, b]).collect();
    let reach = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(node) = stack.pop() {
            for (a, b) in edges {
                if *a == node && seen.insert(b.clone()) {
                    stack.push(b.clone());
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&String, BTreeSet<String>> =
        nodes.iter().map(|node| (*node, reach(node))).collect();
    let mut groups: Vec<BTreeSet<String>> = Vec::new();
    for node in &nodes {
        if groups.iter().any(|group| group.contains(*node)) {
            continue;
        }
        let group: BTreeSet<String> = nodes
            .iter()
            .filter(|other| {
                *other == node
                    || (reachable[*node].contains(**other) && reachable[**other].contains(*node))
            })
            .map(|n| (*n).clone())
            .collect();
        if group.len() > 1 {
            groups.push(group);
        }
    }
    groups
}
