//! Reading text aloud through the browser's speech synthesis (`window.speechSynthesis`), in a
//! given language, only with a voice for that language (another language's voice would read the
//! words wrongly).

/// What happened when text was to be read aloud.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spoken {
    Started,
    /// The tablet has no voice for the language (or no speech synthesis at all).
    NoVoice,
}

fn synthesis() -> Option<web_sys::SpeechSynthesis> {
    web_sys::window()?.speech_synthesis().ok()
}

/// The primary subtag, lower case: `en` of `en-GB`.
fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Reads `text` aloud in `language` (a BCP 47 tag), stopping anything being read first.
pub fn speak(text: &str, language: &str) -> Spoken {
    let Some(synthesis) = synthesis() else {
        return Spoken::NoVoice;
    };
    let wanted = primary(language);
    let has_voice = synthesis.get_voices().iter().any(|v| {
        primary(&wasm_bindgen::JsCast::unchecked_into::<web_sys::SpeechSynthesisVoice>(v).lang())
            == wanted
    });
    if !has_voice {
        return Spoken::NoVoice;
    }
    let Ok(utterance) = web_sys::SpeechSynthesisUtterance::new_with_text(text) else {
        return Spoken::NoVoice;
    };
    // The language picks the voice: the browser uses its default voice for it.
    utterance.set_lang(language);
    synthesis.cancel();
    synthesis.speak(&utterance);
    Spoken::Started
}

/// Stops reading aloud (when the screen changes).
pub fn stop() {
    if let Some(synthesis) = synthesis() {
        synthesis.cancel();
    }
}
