//! The markup readers (HTML, XML 2003, .ods content) on arbitrary text: each ends in a
//! result or a typed error, never a panic, and within the time and memory limits libFuzzer
//! is given (-timeout, -rss_limit_mb). The first byte picks the reader.
#![no_main]

use jixiao::import::markup::{parse_html, parse_ods, parse_xml2003};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match pick % 3 {
        0 => {
            let _ = parse_html("fuzz.xls", &text);
        }
        1 => {
            let _ = parse_xml2003("fuzz.xls", &text);
        }
        _ => {
            let _ = parse_ods("fuzz.ods", &text);
        }
    }
});
