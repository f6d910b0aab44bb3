//! The reporter's language: every reporter-facing sentence of the CLI
//! (prompts, the receipt screen, errors of `report …`) comes from a
//! Project Fluent file in `client-cli/i18n/`, one per language of the
//! reporter page (`web/src/i18n`). `--lang`, else the locale (`LC_ALL`,
//! `LC_MESSAGES`, `LANG`), chooses it; a language we do not have, or a
//! message missing from it, falls back to English.
//!
//! Caseworker and unit-admin commands stay in English.

use std::cell::RefCell;
use std::sync::OnceLock;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use unic_langid::LanguageIdentifier;

/// The languages, as in the reporter page.
pub(crate) const LANGUAGES: [&str; 8] = ["en", "es", "fr", "pl", "ro", "ar", "fa", "ur"];

/// The Fluent source of each language, in [`LANGUAGES`] order.
pub(crate) const SOURCES: [&str; 8] = [
    include_str!("../i18n/en.ftl"),
    include_str!("../i18n/es.ftl"),
    include_str!("../i18n/fr.ftl"),
    include_str!("../i18n/pl.ftl"),
    include_str!("../i18n/ro.ftl"),
    include_str!("../i18n/ar.ftl"),
    include_str!("../i18n/fa.ftl"),
    include_str!("../i18n/ur.ftl"),
];

/// The chosen language's index in [`LANGUAGES`]; English until chosen.
static CHOSEN: OnceLock<usize> = OnceLock::new();

/// Chooses the language of reporter-facing text (a code such as `es`, as
/// `options::language` gives it). Only the first choice counts.
pub(crate) fn choose(lang: &str) {
    let index = LANGUAGES.iter().position(|l| *l == lang).unwrap_or(0);
    let _ = CHOSEN.set(index);
}

fn bundle(index: usize) -> FluentBundle<FluentResource> {
    let lang: LanguageIdentifier = LANGUAGES[index].parse().unwrap_or_default();
    let mut bundle = FluentBundle::new(vec![lang]);
    // Terminals draw text as it comes: no invisible isolation marks.
    bundle.set_use_isolating(false);
    // The sources are checked by the tests below; a broken one would only
    // lose its own messages (they fall back to English).
    let resource = match FluentResource::try_new(SOURCES[index].to_owned()) {
        Ok(r) | Err((r, _)) => r,
    };
    let _ = bundle.add_resource(resource);
    bundle
}

/// The bundles in use on a thread: the chosen language's index, its
/// bundle, and English's to fall back on (none when English is chosen).
type Bundles = (
    usize,
    FluentBundle<FluentResource>,
    Option<FluentBundle<FluentResource>>,
);

thread_local! {
    static BUNDLES: RefCell<Option<Bundles>> = const { RefCell::new(None) };
}

fn format(
    bundle: &FluentBundle<FluentResource>,
    id: &str,
    args: Option<&FluentArgs<'_>>,
) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    errors.is_empty().then(|| text.into_owned())
}

/// The message `id` in the chosen language (else English), with `args`.
/// An unknown `id` gives the `id` itself, which the tests forbid.
pub(crate) fn text(id: &str, args: Option<&FluentArgs<'_>>) -> String {
    let chosen = *CHOSEN.get().unwrap_or(&0);
    BUNDLES.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.as_ref().is_none_or(|(i, _, _)| *i != chosen) {
            let english = (chosen != 0).then(|| bundle(0));
            *cell = Some((chosen, bundle(chosen), english));
        }
        let Some((_, local, english)) = cell.as_ref() else {
            return id.to_owned();
        };
        format(local, id, args)
            .or_else(|| english.as_ref().and_then(|e| format(e, id, args)))
            .unwrap_or_else(|| id.to_owned())
    })
}

/// `t!("id")` or `t!("id", name = value, …)`: the message `id` in the
/// reporter's language.
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::text($id, None)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = fluent_bundle::FluentArgs::new();
        $(args.set(stringify!($name), $value);)+
        $crate::i18n::text($id, Some(&args))
    }};
}
pub(crate) use t;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_bundle::FluentResource;
    use fluent_syntax::ast;

    use super::*;

    /// Each message of a source, with the variables it uses.
    fn messages(source: &str, lang: &str) -> BTreeMap<String, BTreeSet<String>> {
        let resource = FluentResource::try_new(source.to_owned())
            .unwrap_or_else(|(_, e)| panic!("{lang}.ftl does not parse: {e:?}"));
        let mut out = BTreeMap::new();
        for entry in resource.entries() {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(value) = &m.value {
                    variables(value, &mut vars);
                }
                assert!(m.value.is_some(), "{lang}: {} has no value", m.id.name);
                out.insert(m.id.name.to_owned(), vars);
            }
        }
        out
    }

    fn variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_variables(expression, out);
            }
        }
    }

    fn expression_variables(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match expression {
            ast::Expression::Inline(inline) => inline_variables(inline, out),
            ast::Expression::Select { selector, variants } => {
                inline_variables(selector, out);
                for v in variants {
                    variables(&v.value, out);
                }
            }
        }
    }

    fn inline_variables(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => {
                expression_variables(expression, out);
            }
            _ => {}
        }
    }

    #[test]
    fn every_message_exists_in_every_language_with_the_same_variables() {
        let english = messages(SOURCES[0], "en");
        assert!(english.len() > 50, "the English source is loaded");
        for (lang, source) in LANGUAGES.iter().zip(SOURCES).skip(1) {
            let local = messages(source, lang);
            for (id, vars) in &english {
                let Some(local_vars) = local.get(id) else {
                    panic!("{lang}.ftl lacks {id}");
                };
                // A translation may leave out a variable a plural
                // variant covers, never add an unknown one.
                assert!(
                    local_vars.is_subset(vars),
                    "{lang}.ftl's {id} uses {local_vars:?}, English {vars:?}"
                );
            }
            for id in local.keys() {
                assert!(english.contains_key(id), "{lang}.ftl has unknown {id}");
            }
        }
    }

    /// Every `t!("id")` in the source names a message of en.ftl, and every
    /// message is used.
    #[test]
    fn the_code_and_the_messages_agree() {
        let english = messages(SOURCES[0], "en");
        let mut used = BTreeSet::new();
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut stack = vec![src];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n.rs")
                {
                    let code = std::fs::read_to_string(&path).unwrap();
                    for (i, _) in code.match_indices("t!(") {
                        // `t!`, not `format!` or `bail!`.
                        let before = code[..i].chars().next_back();
                        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                            continue;
                        }
                        let Some(rest) = code[i + 3..].trim_start().strip_prefix('"') else {
                            continue;
                        };
                        let id = &rest[..rest.find('"').unwrap()];
                        used.insert(id.to_owned());
                    }
                }
            }
        }
        for id in &used {
            assert!(english.contains_key(id), "t!(\"{id}\") is not in en.ftl");
        }
        for id in english.keys() {
            assert!(used.contains(id), "en.ftl's {id} is never used");
        }
    }

    #[test]
    fn every_language_formats_every_message() {
        let english = messages(SOURCES[0], "en");
        for (index, lang) in LANGUAGES.iter().enumerate() {
            let b = bundle(index);
            for (id, vars) in &english {
                for value in [1_i64, 2, 5] {
                    let mut args = FluentArgs::new();
                    for name in vars {
                        args.set(name.as_str(), value);
                    }
                    let text = format(&b, id, Some(&args));
                    assert!(
                        text.is_some_and(|t| !t.trim().is_empty() && !t.contains('{')),
                        "{lang}: {id}"
                    );
                }
            }
        }
    }

    #[test]
    fn messages_fall_back_to_english() {
        // Nothing chosen in this test process: English.
        assert_eq!(text("report-sent", None), "Your report was sent.");
        assert_eq!(text("no-such-message", None), "no-such-message");
    }
}
