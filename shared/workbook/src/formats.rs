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
    pub wrap: Format,
    pub bold: Format,
    pub overdue_light: Format,
    pub overdue_medium: Format,
    pub overdue_heavy: Format,
    pub good: Format,
    pub bad: Format,
}

/// Excel shows thousands and decimal separators in the reader's own locale; only the symbol is ours.
fn money_pattern(currency: &str) -> String {
    match currency {
        "EUR" => "€ #,##0.00;-€ #,##0.00".to_owned(),
        "USD" => "$#,##0.00;-$#,##0.00".to_owned(),
        "GBP" => "£#,##0.00;-£#,##0.00".to_owned(),
        other => format!("#,##0.00 \"{other}\";-#,##0.00 \"{other}\""),
    }
}

fn date_pattern(lang: Lang) -> &'static str {
    lang.pick("dd-mm-yyyy", "dd/mm/yyyy", "yyyy-mm-dd")
}

impl Formats {
    pub fn new(lang: Lang, currency: &str) -> Self {
        let navy = Color::RGB(0x1F3864);
        let money = money_pattern(currency);
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
            date: Format::new().set_num_format(date_pattern(lang)),
            percent: Format::new().set_num_format("0.0%"),
            decimal: Format::new().set_num_format("0.0"),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            bold: Format::new().set_bold(),
            overdue_light: Format::new().set_background_color(Color::RGB(0xFFF2CC)),
            overdue_medium: Format::new().set_background_color(Color::RGB(0xF8CBAD)),
            overdue_heavy: Format::new()
                .set_background_color(Color::RGB(0xF4B084))
                .set_font_color(Color::RGB(0x9C0006)),
            good: Format::new()
                .set_font_color(Color::RGB(0x006100))
                .set_background_color(Color::RGB(0xC6EFCE)),
            bad: Format::new()
                .set_font_color(Color::RGB(0x9C0006))
                .set_background_color(Color::RGB(0xFFC7CE)),
        }
    }
}
