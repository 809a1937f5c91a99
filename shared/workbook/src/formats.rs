//! The workbook's look: one set of formats shared by every sheet.

use credit_core::lang::Lang;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

pub struct Formats {
    pub title: Format,
    pub subtitle: Format,
    pub header: Format,
    pub money: Format,
    pub money_total: Format,
    pub date: Format,
    pub percent: Format,
    pub decimal: Format,
    pub integer: Format,
    pub wrap: Format,
    pub bold: Format,
    pub right: Format,
    pub top: Format,
    pub good: Format,
    pub bad: Format,
    /// A figure that could not be measured: neither good nor bad.
    pub unknown: Format,
}

/// Excel shows thousands and decimal separators in the reader's own locale; the symbol and where it
/// stands are ours: before the amount in Dutch and English (`€ 1.234,56`, `€1,234.56`), after it in
/// French (`1 234,56 €`), as each language writes it.
pub fn money_pattern(currency: &str, lang: Lang) -> String {
    let symbol = match currency {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        other => return format!("#,##0.00 \"{other}\";-#,##0.00 \"{other}\""),
    };
    match lang {
        Lang::Fr => format!("#,##0.00 {symbol};-#,##0.00 {symbol}"),
        Lang::Nl => format!("{symbol} #,##0.00;-{symbol} #,##0.00"),
        Lang::En => format!("{symbol}#,##0.00;-{symbol}#,##0.00"),
    }
}

/// The same without cents, for chart axes, where the cents are noise.
pub fn money_axis_pattern(currency: &str, lang: Lang) -> String {
    money_pattern(currency, lang).replace(".00", "")
}

/// French puts a (thin) space before the percent sign: `15,0 %`.
pub fn percent_pattern(lang: Lang) -> &'static str {
    lang.pick("0.0%", "0.0 %", "0.0%")
}

pub fn date_pattern(lang: Lang) -> &'static str {
    lang.pick("dd-mm-yyyy", "dd/mm/yyyy", "yyyy-mm-dd")
}

impl Formats {
    /// Every cell is aligned to the top: in a row grown to a wrapped reason or reminder, the figures
    /// stand on its first line, beside the text's start, rather than at the bottom.
    pub fn new(lang: Lang, currency: &str) -> Self {
        let mut formats = Self::bottom_aligned(lang, currency);
        for format in [
            &mut formats.money,
            &mut formats.date,
            &mut formats.percent,
            &mut formats.decimal,
            &mut formats.integer,
            &mut formats.right,
            &mut formats.good,
            &mut formats.bad,
        ] {
            *format = format.clone().set_align(FormatAlign::Top);
        }
        formats
    }

    fn bottom_aligned(lang: Lang, currency: &str) -> Self {
        let navy = Color::RGB(0x1F3864);
        let money = money_pattern(currency, lang);
        Formats {
            title: Format::new().set_bold().set_font_size(16).set_font_color(navy),
            subtitle: Format::new().set_bold().set_font_size(12).set_font_color(navy),
            header: Format::new()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(navy)
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter)
                .set_border_bottom(FormatBorder::Thin),
            money: Format::new().set_num_format(&money),
            money_total: Format::new()
                .set_num_format(&money)
                .set_bold()
                .set_border_top(FormatBorder::Thin),
            // Centred: a right-aligned date runs into the text of the next column.
            date: Format::new()
                .set_num_format(date_pattern(lang))
                .set_align(FormatAlign::Center),
            percent: Format::new().set_num_format(percent_pattern(lang)),
            decimal: Format::new().set_num_format("0.0"),
            integer: Format::new().set_num_format("#,##0"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            bold: Format::new().set_bold(),
            right: Format::new().set_align(FormatAlign::Right),
            top: Format::new().set_align(FormatAlign::Top),
            good: Format::new()
                .set_font_color(Color::RGB(0x006100))
                .set_background_color(Color::RGB(0xC6EFCE)),
            bad: Format::new()
                .set_font_color(Color::RGB(0x9C0006))
                .set_background_color(Color::RGB(0xFFC7CE)),
            unknown: Format::new()
                .set_font_color(Color::RGB(0x595959))
                .set_background_color(Color::RGB(0xEDEDED)),
        }
    }
}

/// The colours an overdue age is graded through, from just past due to the oldest: pale yellow, peach,
/// orange, red, dark red. However many buckets a policy has, each gets a colour of its own along them.
const OVERDUE_SCALE: [u32; 5] = [0xFFF2CC, 0xF8CBAD, 0xF4B084, 0xE06666, 0xC00000];

/// One fill per overdue bucket, lightest (the youngest) to darkest (the oldest): `count` colours spread
/// evenly along [`OVERDUE_SCALE`]. On the darker fills the text turns white, to stay readable.
pub fn overdue_grades(count: usize) -> Vec<Format> {
    let steps = (OVERDUE_SCALE.len() - 1) as f64;
    (0..count)
        .map(|index| {
            let position = if count > 1 {
                index as f64 / (count - 1) as f64 * steps
            } else {
                0.0
            };
            let below = (position.floor() as usize).min(OVERDUE_SCALE.len() - 2);
            let share = position - below as f64;
            let channel = |shift: u32| {
                let from = f64::from((OVERDUE_SCALE[below] >> shift) & 0xFF);
                let to = f64::from((OVERDUE_SCALE[below + 1] >> shift) & 0xFF);
                (from + (to - from) * share).round() as u32
            };
            let (red, green, blue) = (channel(16), channel(8), channel(0));
            let format = Format::new().set_background_color(Color::RGB((red << 16) | (green << 8) | blue));
            let luma = 0.299 * f64::from(red) + 0.587 * f64::from(green) + 0.114 * f64::from(blue);
            if luma < 128.0 {
                format.set_font_color(Color::White)
            } else {
                format
            }
        })
        .collect()
}

/// The height of a row whose wrapped text of `chars` characters sits in a column `width` characters
/// wide. Neither LibreOffice nor every Excel grows a row to its wrapped text on opening, so the writer
/// sets it: otherwise the lines of a long reason or reminder are drawn over the rows below.
pub fn wrapped_row_height(chars: usize, width: f64) -> f64 {
    // A column of width w holds about w digits; prose is slightly narrower, so this errs on one line
    // too many rather than one too few.
    let per_line = width.max(1.0);
    let lines = (chars as f64 / per_line).ceil().max(1.0);
    (lines * 15.0).min(409.0)
}
