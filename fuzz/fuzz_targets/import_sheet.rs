//! The spreadsheet importer on arbitrary bytes (and mutated fixture workbooks): whatever the
//! file, the import returns a result or a typed error, never a panic, hang or blow-up.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Panics that the importer catches on purpose (in the spreadsheet reader) are handled
    // product behaviour; restore the default hook so they are not reported as crashes.
    // Uncaught panics still abort through libFuzzer's catch_unwind in fuzz_target!.
    let _ = std::panic::take_hook();
    let dir = std::env::temp_dir();
    let path = dir.join(format!("jixiao-fuzz-{}.xlsx", std::process::id()));
    {
        let mut f = std::fs::File::create(&path).expect("temp file");
        f.write_all(data).expect("write temp file");
    }
    if let Ok(import) = jixiao::import::import_path(&path, &jixiao::import::Options::default()) {
        for table in &import.tables {
            let _ = jixiao::validate::check_text(&table.toml);
        }
    }
});
