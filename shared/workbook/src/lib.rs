//! Writes the annotated workbook (rust_xlsxwriter) from an analysis: values in, bytes out.
