//! The name a ledger is known by in messages, the workbook and the snapshot.

use std::borrow::Cow;

/// The longest name kept, in characters: no file system allows longer, so a longer one is not a file
/// name but a caller's mistake or an attack, and past 32,767 characters it no longer fits the workbook
/// cell that shows it.
pub const MAX_FILE_NAME_CHARS: usize = 255;

/// The file's own name without its directories, shortened to [`MAX_FILE_NAME_CHARS`] with an ellipsis
/// in the middle, so that the extension that breaks format ties survives.
pub fn shown_file_name(name: &str) -> Cow<'_, str> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let length = base.chars().count();
    if length <= MAX_FILE_NAME_CHARS {
        return Cow::Borrowed(base);
    }
    const TAIL: usize = 16;
    let head: String = base.chars().take(MAX_FILE_NAME_CHARS - TAIL - 1).collect();
    let tail: String = base.chars().skip(length - TAIL).collect();
    Cow::Owned(format!("{head}…{tail}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_normal_name_is_only_stripped_of_its_directories() {
        assert_eq!(shown_file_name("a/b\\debiteuren.xlsx"), "debiteuren.xlsx");
        assert_eq!(shown_file_name(&"é".repeat(255)), "é".repeat(255));
    }

    #[test]
    fn an_absurd_name_is_shortened_keeping_its_extension() {
        let absurd = format!("{}.csv", "é".repeat(40_000));
        let shown = shown_file_name(&absurd);
        assert_eq!(shown.chars().count(), MAX_FILE_NAME_CHARS);
        assert!(shown.ends_with(&format!("…{}.csv", "é".repeat(12))), "{shown}");
    }
}
