//! Any bytes, under an xlsx name: zip directories, workbook XML, xls and ods containers, the guards that
//! measure them before calamine reads them.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    common::check(bytes, "fuzz.xlsx");
});
