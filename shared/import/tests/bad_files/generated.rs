//! The bad files too big to commit, built in the test that needs them: zip bombs, a workbook with too
//! many sheets, a csv with too many rows.
//!
//! Built with no dependency at all (a zip writer, CRC-32 and a fixed-Huffman deflate encoder of a few
//! lines each), so that the importer's tests and the `credit` command's tests share this one file
//! (`#[path]`) and build byte-identical files in milliseconds.

/// The name of every generated file, for the manifest check.
#[allow(dead_code)] // not every test binary that includes this file uses it
pub const GENERATED: [&str; 5] = [
    "zip-bomb-declared.xlsx",
    "zip-bomb-lying-directory.xlsx",
    "zip-bomb-shared-strings.xlsx",
    "too-many-sheets.xlsx",
    "too-many-rows.csv",
];

/// The bytes of a generated bad file, by its name in the manifest.
pub fn generated(name: &str) -> Option<Vec<u8>> {
    Some(match name {
        "zip-bomb-declared.xlsx" => zip_bomb_declared(),
        "zip-bomb-lying-directory.xlsx" => zip_bomb_lying_directory(),
        "zip-bomb-shared-strings.xlsx" => zip_bomb_shared_strings(),
        "too-many-sheets.xlsx" => too_many_sheets(),
        "too-many-rows.csv" => too_many_rows(),
        _ => return None,
    })
}

/// The parts of a one-sheet workbook other than the sheet itself, for a test that writes its own sheet.
#[allow(dead_code)] // not every test binary that includes this file uses it
pub fn workbook_skeleton() -> Vec<(String, String)> {
    workbook_parts(&["Sheet1"])
        .into_iter()
        .map(|part| (part.name, String::from_utf8_lossy(&part.data).into_owned()))
        .collect()
}

/// A one-row ledger sheet.
const SHEET: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Customer</t></is></c><c r="B1" t="inlineStr"><is><t>Due date</t></is></c><c r="C1" t="inlineStr"><is><t>Amount</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Acme</t></is></c><c r="B2" t="inlineStr"><is><t>2026-10-01</t></is></c><c r="C2"><v>10</v></c></row></sheetData></worksheet>"#;

/// A small real workbook whose directory says its sheet unpacks to almost 4 GB.
fn zip_bomb_declared() -> Vec<u8> {
    let mut parts = workbook_parts(&["Sheet1"]);
    parts.push(Part::stored("xl/worksheets/sheet1.xml", SHEET.as_bytes().to_vec()).declaring(0xFFFF_FF00));
    zip(&parts)
}

/// The opposite lie: the directory declares a 2 KB sheet, the compressed data inflates to 64 MB.
/// The sheet must never be inflated beyond what the directory declared.
fn zip_bomb_lying_directory() -> Vec<u8> {
    let mut parts = workbook_parts(&["Sheet1"]);
    let (head, tail) = SHEET.split_at(SHEET.find("</sheetData>").unwrap_or(SHEET.len()));
    let blanks = 64 * 1024 * 1024;
    let mut crc = Crc32::new();
    crc.update(head.as_bytes());
    crc.update_repeated(b' ', blanks);
    crc.update(tail.as_bytes());
    parts.push(Part {
        name: "xl/worksheets/sheet1.xml".into(),
        crc: crc.finish(),
        declared: 2048,
        method: 8,
        data: deflate_runs(head.as_bytes(), b' ', blanks, tail.as_bytes()),
    });
    zip(&parts)
}

/// Shared strings, which a reader holds whole, deflated from 200 MB of blanks to 1.3 MB and declared
/// truthfully: 160 times smaller than they unpack.
fn zip_bomb_shared_strings() -> Vec<u8> {
    let mut parts = workbook_parts(&["Sheet1"]);
    parts.push(Part::stored("xl/worksheets/sheet1.xml", SHEET.as_bytes().to_vec()));
    let head = br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#;
    let tail = b"</t></si></sst>";
    let blanks = 200 * 1024 * 1024;
    let mut crc = Crc32::new();
    crc.update(head);
    crc.update_repeated(b' ', blanks);
    crc.update(tail);
    parts.push(Part {
        name: "xl/sharedStrings.xml".into(),
        crc: crc.finish(),
        declared: (head.len() + blanks + tail.len()) as u64,
        method: 8,
        data: deflate_runs(head, b' ', blanks, tail),
    });
    zip(&parts)
}

/// 256 sheets, one more than the limit.
fn too_many_sheets() -> Vec<u8> {
    let names: Vec<String> = (1..=256).map(|index| format!("Sheet{index}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut parts = workbook_parts(&names);
    for index in 1..=names.len() {
        parts.push(Part::stored(
            &format!("xl/worksheets/sheet{index}.xml"),
            SHEET.as_bytes().to_vec(),
        ));
    }
    zip(&parts)
}

/// One row more than Excel's 1,048,576.
fn too_many_rows() -> Vec<u8> {
    let mut csv = b"Customer;Due date;Amount\r\n".to_vec();
    for _ in 1..1_048_577 {
        csv.extend_from_slice(b"Acme;2026-10-01;1\r\n");
    }
    csv
}

/// The parts every workbook needs besides its sheets.
fn workbook_parts(sheets: &[&str]) -> Vec<Part> {
    let mut overrides = String::new();
    let mut entries = String::new();
    let mut relationships = String::new();
    for (index, name) in sheets.iter().enumerate() {
        let number = index + 1;
        overrides.push_str(&format!(
            r#"<Override PartName="/xl/worksheets/sheet{number}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        ));
        entries.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{number}" r:id="rId{number}"/>"#
        ));
        relationships.push_str(&format!(
            r#"<Relationship Id="rId{number}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{number}.xml"/>"#
        ));
    }
    let content_types = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>"#
    );
    let root_relationships = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{entries}</sheets></workbook>"#
    );
    let workbook_relationships = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{relationships}</Relationships>"#
    );
    vec![
        Part::stored("[Content_Types].xml", content_types.into_bytes()),
        Part::stored("_rels/.rels", root_relationships.as_bytes().to_vec()),
        Part::stored("xl/workbook.xml", workbook.into_bytes()),
        Part::stored("xl/_rels/workbook.xml.rels", workbook_relationships.into_bytes()),
    ]
}

/// One zip entry.
struct Part {
    name: String,
    crc: u32,
    /// The uncompressed size written in the headers, true or not.
    declared: u64,
    /// 0 stored, 8 deflated.
    method: u16,
    data: Vec<u8>,
}

impl Part {
    fn stored(name: &str, data: Vec<u8>) -> Part {
        Part {
            name: name.into(),
            crc: crc32(&data),
            declared: data.len() as u64,
            method: 0,
            data,
        }
    }

    /// The same part, lying about its uncompressed size.
    fn declaring(self, declared: u64) -> Part {
        Part { declared, ..self }
    }
}

/// A zip archive (no zip64: every size fits in 32 bits here).
fn zip(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for part in parts {
        let offset = out.len() as u32;
        let name = part.name.as_bytes();
        let fixed = |target: &mut Vec<u8>| {
            target.extend_from_slice(&20u16.to_le_bytes()); // version needed
            target.extend_from_slice(&0u16.to_le_bytes()); // flags
            target.extend_from_slice(&part.method.to_le_bytes());
            target.extend_from_slice(&0u16.to_le_bytes()); // time
            target.extend_from_slice(&0x5C21u16.to_le_bytes()); // date: 2026-01-01
            target.extend_from_slice(&part.crc.to_le_bytes());
            target.extend_from_slice(&(part.data.len() as u32).to_le_bytes());
            target.extend_from_slice(&(part.declared as u32).to_le_bytes());
            target.extend_from_slice(&(name.len() as u16).to_le_bytes());
            target.extend_from_slice(&0u16.to_le_bytes()); // extra length
        };
        out.extend_from_slice(b"PK\x03\x04");
        fixed(&mut out);
        out.extend_from_slice(name);
        out.extend_from_slice(&part.data);

        directory.extend_from_slice(b"PK\x01\x02");
        directory.extend_from_slice(&20u16.to_le_bytes()); // version made by
        fixed(&mut directory);
        directory.extend_from_slice(&0u16.to_le_bytes()); // comment length
        directory.extend_from_slice(&0u16.to_le_bytes()); // disk
        directory.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        directory.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        directory.extend_from_slice(&offset.to_le_bytes());
        directory.extend_from_slice(name);
    }
    let directory_offset = out.len() as u32;
    out.extend_from_slice(&directory);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(parts.len() as u16).to_le_bytes());
    out.extend_from_slice(&(parts.len() as u16).to_le_bytes());
    out.extend_from_slice(&(directory.len() as u32).to_le_bytes());
    out.extend_from_slice(&directory_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// Raw deflate (one fixed-Huffman block) of `head`, `count` copies of `byte`, then `tail`. The run is
/// coded as back-references of 258 bytes at distance 1: 13 bits each, so 160 times smaller.
fn deflate_runs(head: &[u8], byte: u8, count: usize, tail: &[u8]) -> Vec<u8> {
    let mut bits = Bits::default();
    bits.put(1, 1); // the last block
    bits.put(1, 2); // fixed Huffman codes
    for &literal in head {
        bits.literal(literal);
    }
    if count > 0 {
        bits.literal(byte);
        let mut left = count - 1;
        while left >= 258 {
            bits.code(0xC5, 8); // length 258 (symbol 285)
            bits.code(0, 5); // distance 1
            left -= 258;
        }
        for _ in 0..left {
            bits.literal(byte);
        }
    }
    for &literal in tail {
        bits.literal(literal);
    }
    bits.code(0, 7); // end of block (symbol 256)
    bits.finish()
}

#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    pending: u64,
    used: u32,
}

impl Bits {
    /// Plain values go least significant bit first.
    fn put(&mut self, value: u32, count: u32) {
        self.pending |= u64::from(value) << self.used;
        self.used += count;
        while self.used >= 8 {
            self.out.push(self.pending as u8);
            self.pending >>= 8;
            self.used -= 8;
        }
    }

    /// Huffman codes go most significant bit first.
    fn code(&mut self, code: u32, length: u32) {
        let reversed = code.reverse_bits() >> (32 - length);
        self.put(reversed, length);
    }

    fn literal(&mut self, byte: u8) {
        if byte < 144 {
            self.code(0x30 + u32::from(byte), 8);
        } else {
            self.code(0x190 + u32::from(byte) - 144, 9);
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.used > 0 {
            self.out.push(self.pending as u8);
        }
        self.out
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = Crc32::new();
    crc.update(data);
    crc.finish()
}

struct Crc32 {
    table: [u32; 256],
    value: u32,
}

impl Crc32 {
    fn new() -> Crc32 {
        let mut table = [0u32; 256];
        for (index, entry) in table.iter_mut().enumerate() {
            let mut value = index as u32;
            for _ in 0..8 {
                value = if value & 1 == 1 {
                    0xEDB8_8320 ^ (value >> 1)
                } else {
                    value >> 1
                };
            }
            *entry = value;
        }
        Crc32 {
            table,
            value: 0xFFFF_FFFF,
        }
    }

    fn update(&mut self, data: &[u8]) {
        for &byte in data {
            self.value = self.table[((self.value ^ u32::from(byte)) & 0xFF) as usize] ^ (self.value >> 8);
        }
    }

    fn update_repeated(&mut self, byte: u8, count: usize) {
        let block = [byte; 4096];
        let mut left = count;
        while left > 0 {
            let take = left.min(block.len());
            self.update(&block[..take]);
            left -= take;
        }
    }

    fn finish(&self) -> u32 {
        self.value ^ 0xFFFF_FFFF
    }
}
