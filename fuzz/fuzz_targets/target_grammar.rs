//! The 目标值 grammar on arbitrary text: never panics, always keeps the text as written.
#![no_main]

use jixiao::target::{TargetKind, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(t) = parse(text) {
        assert_eq!(t.text, text);
        if let TargetKind::Quantitative { unit, .. } = &t.kind {
            assert!(text.contains(unit.as_str()));
        }
    }
});
