//! The settings the analysis used, so that every figure can be traced to its rule.
//!
//! One row per setting, under the key the policy file uses (`--policy`), with lists on one line
//! ("30, 60, 90, 120"), each step of a list of tables numbered ("dunning.ladder 3"), and the dunning
//! steps named in the workbook's language beside their key.

use crate::formats::Formats;
use crate::labels::{self, t, SheetNames};
use credit_core::analysis::Analysis;
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::collections::HashMap;

pub fn write(
    sheet: &mut Worksheet,
    analysis: &Analysis,
    formats: &Formats,
    names: &SheetNames,
) -> Result<(), XlsxError> {
    let lang = analysis.language;
    sheet.set_name(names.policy)?;
    sheet.write_string_with_format(0, 0, t(lang, "Instelling", "Paramètre", "Setting"), &formats.header)?;
    sheet.write_string_with_format(0, 1, t(lang, "Waarde", "Valeur", "Value"), &formats.header)?;
    sheet.write_string_with_format(0, 2, t(lang, "Betekenis", "Signification", "Meaning"), &formats.header)?;
    for (row, line) in (1u32..).zip(settings(&analysis.policy.to_toml())) {
        match line {
            Setting::Section(name) => {
                sheet.write_string_with_format(row, 0, &name, &formats.subtitle)?;
            }
            Setting::Value { key, value } => {
                sheet.write_string(row, 0, &key)?;
                sheet.write_string(row, 1, &value)?;
                if let Some(kind) = labels::action_from_key(&value) {
                    sheet.write_string(row, 2, labels::action(lang, kind))?;
                }
            }
        }
    }
    sheet
        .set_column_width(0, 44)?
        .set_column_width(1, 30)?
        .set_column_width(2, 44)?;
    sheet.set_freeze_panes(1, 0)?;
    sheet
        .set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    Ok(())
}

#[derive(Debug, PartialEq)]
enum Setting {
    Section(String),
    Value { key: String, value: String },
}

/// The policy's TOML (as `toml::to_string_pretty` writes it) read back as sections and settings.
fn settings(toml: &str) -> Vec<Setting> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut table_counts: HashMap<String, usize> = HashMap::new();
    // A list written over several lines: its key and the items seen so far.
    let mut open_list: Option<(String, Vec<String>)> = None;
    for line in toml.lines().map(str::trim).filter(|line| !line.is_empty()) {
        if let Some((key, items)) = open_list.as_mut() {
            if line.starts_with(']') {
                out.push(Setting::Value {
                    key: std::mem::take(key),
                    value: items.join(", "),
                });
                open_list = None;
            } else {
                items.push(unquote(line.trim_end_matches(',')));
            }
            continue;
        }
        if let Some(name) = line.strip_prefix("[[").and_then(|rest| rest.strip_suffix("]]")) {
            let count = table_counts.entry(name.to_owned()).or_default();
            *count += 1;
            section = name.to_owned();
            out.push(Setting::Section(format!("{name} {count}")));
        } else if let Some(name) = line.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
            section = name.to_owned();
            out.push(Setting::Section(name.to_owned()));
        } else if let Some((key, value)) = line.split_once('=') {
            let key = if section.is_empty() {
                key.trim().to_owned()
            } else {
                format!("{section}.{}", key.trim())
            };
            let value = value.trim();
            match value.strip_prefix('[') {
                Some(rest) if !rest.ends_with(']') => open_list = Some((key, Vec::new())),
                Some(rest) => {
                    let items: Vec<String> = rest
                        .trim_end_matches(']')
                        .split(',')
                        .map(str::trim)
                        .filter(|item| !item.is_empty())
                        .map(unquote)
                        .collect();
                    out.push(Setting::Value {
                        key,
                        value: items.join(", "),
                    });
                }
                None => out.push(Setting::Value {
                    key,
                    value: unquote(value),
                }),
            }
        } else {
            out.push(Setting::Value {
                key: line.to_owned(),
                value: String::new(),
            });
        }
    }
    out
}

/// A TOML string without its quotes; other values as written.
fn unquote(value: &str) -> String {
    value.trim().trim_matches('"').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_over_several_lines_are_one_setting_and_tables_are_numbered() {
        let toml = "buckets = [\n    30,\n    60,\n]\nname = \"x\"\n\n[[dunning.ladder]]\nkind = \"reminder\"\n\n[[dunning.ladder]]\nkind = \"phone_call\"\n[score]\npre = [\"D\", \"E\"]\n";
        assert_eq!(
            settings(toml),
            vec![
                Setting::Value {
                    key: "buckets".into(),
                    value: "30, 60".into()
                },
                Setting::Value {
                    key: "name".into(),
                    value: "x".into()
                },
                Setting::Section("dunning.ladder 1".into()),
                Setting::Value {
                    key: "dunning.ladder.kind".into(),
                    value: "reminder".into()
                },
                Setting::Section("dunning.ladder 2".into()),
                Setting::Value {
                    key: "dunning.ladder.kind".into(),
                    value: "phone_call".into()
                },
                Setting::Section("score".into()),
                Setting::Value {
                    key: "score.pre".into(),
                    value: "D, E".into()
                },
            ]
        );
    }
}
