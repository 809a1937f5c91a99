//! Any bytes, under a csv name: the sniffer, the decoder, the delimiter guess, headers, dates, amounts.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    common::check(bytes, "fuzz.csv");
});
