//! The module graph of a crate's sources, read from its `use` declarations and paths, and the
//! cycles in it. A module is one file (`a/b.rs` or `a/b/mod.rs` is `a::b`); it depends on every
//! module it names through `crate::`, `super::` or `self::`, or through a child it declares. A
//! cycle is a set of modules that reach each other; cycles are also looked for between the
//! crate's top-level modules (`crate::a` and everything under it as one).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path inside the crate, e.g. `["pages", "home"]` (the crate root is empty).
pub type Module = Vec<String>;

/// The modules of the crate rooted at `src` and what each depends on.
pub fn module_graph(src: &Path) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut files = Vec::new();
    collect(src, &mut files);
    let modules: BTreeMap<Module, PathBuf> = files
        .into_iter()
        .map(|file| (module_of(src, &file), file))
        .collect();
    modules
        .iter()
        .map(|(module, file)| {
            let text = std::fs::read_to_string(file).expect("a readable source file");
            let tokens = tokens(&strip_comments(&text));
            let children = declared_children(&tokens);
            let mut uses = BTreeSet::new();
            for path in paths(&tokens, &children) {
                if let Some(target) = resolve(module, &path, &modules)
                    && &target != module
                    && !target.is_empty()
                {
                    uses.insert(target);
                }
            }
            (module.clone(), uses)
        })
        .collect()
}

/// Every cycle among the modules of the crate rooted at `src`, at file level and between its
/// top-level modules, each as a sorted list of `a::b` names.
pub fn module_cycles(src: &Path) -> Vec<Vec<String>> {
    let graph = module_graph(src);
    let mut top: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, uses) in &graph {
        let Some(first) = module.first() else {
            continue;
        };
        let entry = top.entry(vec![first.clone()]).or_default();
        for target in uses {
            if target.first() != Some(first) {
                entry.insert(vec![target[0].clone()]);
            }
        }
    }
    let mut cycles: Vec<Vec<String>> = Vec::new();
    for graph in [&graph, &top] {
        for component in strongly_connected(graph) {
            cycles.push(component.iter().map(|m| m.join("::")).collect());
        }
    }
    cycles
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a readable source directory")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

fn module_of(src: &Path, file: &Path) -> Module {
    let relative = file.strip_prefix(src).expect("a file under the sources");
    let mut parts: Module = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The source without comments (line, block and doc) or the contents of string literals.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for c in chars.by_ref() {
                    if previous == '*' && c == '/' {
                        break;
                    }
                    previous = c;
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    if !escaped && c == '"' {
                        break;
                    }
                    escaped = !escaped && c == '\\';
                }
                out.push_str("\"\"");
            }
            _ => out.push(c),
        }
    }
    out
}

/// Identifiers and the punctuation that matters for paths (`::`, `{`, `}`, `,`, `;`).
fn tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            let mut word = c.to_string();
            while let Some(&next) = chars.peek() {
                if next.is_alphanumeric() || next == '_' {
                    word.push(next);
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(word);
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            tokens.push("::".to_owned());
        } else if matches!(c, '{' | '}' | ',' | ';') {
            tokens.push(c.to_string());
        } else if !c.is_whitespace() {
            tokens.push(" ".to_owned());
        }
    }
    tokens
}

/// The modules declared with `mod name;` (or `mod name {`) in a file.
fn declared_children(tokens: &[String]) -> BTreeSet<String> {
    tokens
        .windows(2)
        .filter(|pair| pair[0] == "mod")
        .map(|pair| pair[1].clone())
        .collect()
}

/// Every path the file names that starts with `crate`, `super`, `self` or a declared child,
/// with `use` groups (`a::{b, c::d}`) expanded.
fn paths(tokens: &[String], children: &BTreeSet<String>) -> Vec<Vec<String>> {
    let starts = |t: &str| matches!(t, "crate" | "super" | "self") || children.contains(t);
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i] == "use" {
            i = use_tree(tokens, i + 1, &[], &mut found);
            continue;
        }
        let after_separator = i > 0 && tokens[i - 1] == "::";
        if !after_separator && starts(&tokens[i]) && tokens.get(i + 1).is_some_and(|t| t == "::") {
            let mut path = vec![tokens[i].clone()];
            let mut j = i + 1;
            while tokens.get(j).is_some_and(|t| t == "::")
                && tokens.get(j + 1).is_some_and(|t| is_identifier(t))
            {
                path.push(tokens[j + 1].clone());
                j += 2;
            }
            found.push(path);
            i = j;
            continue;
        }
        i += 1;
    }
    found
        .into_iter()
        .filter(|path| path.first().is_some_and(|first| starts(first)))
        .collect()
}

fn is_identifier(token: &str) -> bool {
    token
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Reads one use tree from `i` under `prefix`, adding each full path it names; returns the index
/// of the token after it (a `,`, `}` or `;`).
fn use_tree(
    tokens: &[String],
    mut i: usize,
    prefix: &[String],
    found: &mut Vec<Vec<String>>,
) -> usize {
    let mut path = prefix.to_vec();
    loop {
        match tokens.get(i).map(String::as_str) {
            Some("{") => {
                i += 1;
                loop {
                    if tokens.get(i).is_some_and(|t| t == "}") {
                        return i + 1;
                    }
                    i = use_tree(tokens, i, &path, found);
                    match tokens.get(i).map(String::as_str) {
                        Some(",") => i += 1,
                        Some("}") => return i + 1,
                        _ => return i,
                    }
                }
            }
            // A rename keeps the path; `*` and other punctuation add nothing.
            Some("as") => i += 2,
            Some(token) if is_identifier(token) => {
                path.push(token.to_owned());
                i += 1;
            }
            Some("," | "}" | ";") | None => {
                if path.len() > prefix.len() {
                    found.push(path);
                }
                return i;
            }
            Some(_) => i += 1,
        }
    }
}

/// The module a path names: the longest prefix of it that is a module of the crate.
fn resolve(from: &Module, path: &[String], modules: &BTreeMap<Module, PathBuf>) -> Option<Module> {
    let mut base: Module = Vec::new();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => rest = &path[1..],
        Some("self") => {
            base = from.clone();
            rest = &path[1..];
        }
        Some("super") => {
            base = from.clone();
            while rest.first().is_some_and(|t| t == "super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        // A child the file declares.
        Some(_) => base = from.clone(),
        None => return None,
    }
    let full: Module = base.into_iter().chain(rest.iter().cloned()).collect();
    (0..=full.len())
        .rev()
        .map(|n| full[..n].to_vec())
        .find(|candidate| modules.contains_key(candidate))
}

/// The strongly connected components with more than one module (Tarjan's algorithm).
fn strongly_connected(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct State<'a> {
        graph: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on_stack: BTreeSet<&'a Module>,
        found: Vec<Vec<Module>>,
    }
    fn visit<'a>(state: &mut State<'a>, v: &'a Module) {
        let n = state.index.len();
        state.index.insert(v, n);
        state.low.insert(v, n);
        state.stack.push(v);
        state.on_stack.insert(v);
        if let Some(targets) = state.graph.get(v) {
            for w in targets {
                let Some((w, _)) = state.graph.get_key_value(w) else {
                    continue;
                };
                if !state.index.contains_key(w) {
                    visit(state, w);
                    let low = state.low[v].min(state.low[w]);
                    state.low.insert(v, low);
                } else if state.on_stack.contains(w) {
                    let low = state.low[v].min(state.index[w]);
                    state.low.insert(v, low);
                }
            }
        }
        if state.low[v] == state.index[v] {
            let mut component = Vec::new();
            while let Some(w) = state.stack.pop() {
                state.on_stack.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                state.found.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v) {
            visit(&mut state, v);
        }
    }
    state.found
}
