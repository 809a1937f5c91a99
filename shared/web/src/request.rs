//! The parameters of `POST /analyze` as the Lambda reads them (`as_of`, `lang`, `format`, `file_name`
//! in the query string), the error answer `{error, problems}`, and an engine error told as one.

use chrono::NaiveDate;
use credit_core::analysis::IssueReport;
use credit_core::lang::Lang;
use credit_engine::{EngineError, AS_OF_RANGE};
use percent_encoding::percent_decode_str;
use serde::{Deserialize, Serialize};

/// What `POST /analyze` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The annotated workbook (the default).
    Workbook,
    /// The analysis JSON (`format=json`, or `Accept: application/json`).
    Json,
    /// The page's figures with the workbook inline ([`crate::PageAnswer`], `format=page`).
    Page,
}

/// The parameters of `POST /analyze`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalyzeParams {
    /// `as_of=YYYY-MM-DD`; `None`: today.
    pub as_of: Option<NaiveDate>,
    /// `lang=nl|fr|en`; `None`: the ledger's.
    pub lang: Option<Lang>,
    /// `format=json|xlsx|page`.
    pub format: Format,
    /// `file_name=...`.
    pub file_name: Option<String>,
}

/// The JSON body of every error answer, as the Lambda answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorAnswer {
    /// What went wrong, in the user's language.
    pub error: String,
    /// The rows at fault, each with its sheet, row and column.
    pub problems: Vec<IssueReport>,
}

/// A request the server refuses: its status and what the user reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The HTTP status (4xx for the input's fault).
    pub status: u16,
    /// The answer.
    pub answer: ErrorAnswer,
}

impl Refusal {
    /// A 400 with `message`.
    pub fn bad_request(message: String) -> Self {
        Refusal {
            status: 400,
            answer: ErrorAnswer {
                error: message,
                problems: Vec::new(),
            },
        }
    }
}

/// The decoded pairs of a query string (`+` is a space, as browsers encode forms).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    let decode = |text: &str| {
        percent_decode_str(&text.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) => (decode(name), decode(value)),
            None => (decode(pair), String::new()),
        })
        .collect()
}

fn first<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty())
}

/// The language to tell the user things in before anything else is known: `lang=`, else the first
/// language of `Accept-Language` we speak, else English.
pub fn user_lang(query: &str, accept_language: Option<&str>) -> Lang {
    let pairs = query_pairs(query);
    let from_query = first(&pairs, "lang").and_then(|value| value.parse().ok());
    let from_header = || {
        accept_language.and_then(|value| {
            value
                .split(',')
                .filter_map(|tag| tag.split(';').next())
                .find_map(|tag| tag.trim().parse::<Lang>().ok())
        })
    };
    from_query.or_else(from_header).unwrap_or_default()
}

impl AnalyzeParams {
    /// Reads the query string; `wants_json` is an `Accept: application/json` without the workbook type.
    ///
    /// # Errors
    /// A 400 naming the parameter, its value and what was expected, in `lang`.
    pub fn read(query: &str, wants_json: bool, lang: Lang) -> Result<Self, Refusal> {
        let pairs = query_pairs(query);
        let as_of = first(&pairs, "as_of")
            .map(|value| {
                let date = NaiveDate::parse_from_str(value, "%Y-%m-%d")
                    .map_err(|_| bad(lang, "as_of", value, Expected::Date))?;
                // 0001-01-01 ages nothing and a year past 9999 cannot be kept in a snapshot id.
                if AS_OF_RANGE.contains(&date) {
                    Ok(date)
                } else {
                    Err(bad(lang, "as_of", value, Expected::DateInRange))
                }
            })
            .transpose()?;
        let chosen = first(&pairs, "lang")
            .map(|value| {
                value
                    .parse::<Lang>()
                    .map_err(|_| bad(lang, "lang", value, Expected::Lang))
            })
            .transpose()?;
        let format = match first(&pairs, "format").map(str::to_ascii_lowercase) {
            Some(value) if value == "json" => Format::Json,
            Some(value) if value == "xlsx" => Format::Workbook,
            Some(value) if value == "page" => Format::Page,
            Some(value) => return Err(bad(lang, "format", &value, Expected::Format)),
            None if wants_json => Format::Json,
            None => Format::Workbook,
        };
        // A file name is at most 255 characters on every file system; a longer one is not a name, and
        // past 32,767 characters it no longer fits the workbook's cell that shows it (a 500).
        let file_name = first(&pairs, "file_name");
        if let Some(name) = file_name.filter(|name| name.chars().count() > MAX_FILE_NAME_CHARS) {
            let shown: String = name.chars().take(40).collect();
            return Err(bad(lang, "file_name", &format!("{shown}..."), Expected::FileName));
        }
        Ok(AnalyzeParams {
            as_of,
            lang: chosen,
            format,
            file_name: file_name.map(str::to_owned),
        })
    }
}

/// The longest `file_name` accepted, in characters.
pub const MAX_FILE_NAME_CHARS: usize = 255;

enum Expected {
    FileName,
    Date,
    DateInRange,
    Lang,
    Format,
}

fn bad(lang: Lang, name: &str, value: &str, expected: Expected) -> Refusal {
    let expected = match expected {
        Expected::Date => lang.pick(
            "een datum als JJJJ-MM-DD, bv. 2026-10-31",
            "une date AAAA-MM-JJ, p. ex. 2026-10-31",
            "a date as YYYY-MM-DD, e.g. 2026-10-31",
        ),
        Expected::DateInRange => {
            let (first, last) = (AS_OF_RANGE.start(), AS_OF_RANGE.end());
            return Refusal::bad_request(match lang {
                Lang::Nl => {
                    format!("Parameter {name}={value:?} is ongeldig: verwacht een datum van {first} tot {last}.")
                }
                Lang::Fr => {
                    format!("Le paramètre {name}={value:?} n'est pas valable : attendu une date du {first} au {last}.")
                }
                Lang::En => format!("Parameter {name}={value:?} is invalid: expected a date from {first} to {last}."),
            });
        }
        Expected::FileName => lang.pick(
            "een bestandsnaam van hoogstens 255 tekens",
            "un nom de fichier de 255 caractères au plus",
            "a file name of at most 255 characters",
        ),
        Expected::Lang => lang.pick("nl, fr of en", "nl, fr ou en", "nl, fr or en"),
        Expected::Format => lang.pick(
            "json of xlsx (of page, voor de uploadpagina)",
            "json ou xlsx (ou page, pour la page de dépôt)",
            "json or xlsx (or page, for the upload page)",
        ),
    };
    Refusal::bad_request(match lang {
        Lang::Nl => format!("Parameter {name}={value:?} is ongeldig: verwacht {expected}."),
        Lang::Fr => format!("Le paramètre {name}={value:?} n'est pas valable : attendu {expected}."),
        Lang::En => format!("Parameter {name}={value:?} is invalid: expected {expected}."),
    })
}

/// An engine error as an answer: the input's fault is 422 with every problem found, ours is 500 with
/// a message that hides the detail (which goes to the log).
pub fn engine_refusal(error: &EngineError, lang: Lang) -> Refusal {
    if !error.is_input_error() {
        tracing::error!(%error, "the workbook could not be written");
        return Refusal {
            status: 500,
            answer: ErrorAnswer {
                error: lang
                    .pick(
                        "Er ging bij ons iets mis. Probeer het opnieuw of neem contact op.",
                        "Une erreur s'est produite de notre côté. Réessayez ou contactez-nous.",
                        "Something went wrong on our side. Please try again or contact us.",
                    )
                    .to_owned(),
                problems: Vec::new(),
            },
        };
    }
    let message = match error {
        // The engine tells an unreadable file in the analysis language, which is unknown when the file
        // cannot be read: tell it in the user's.
        EngineError::Import { source, .. } => source.message(lang),
        other => other.to_string(),
    };
    Refusal {
        status: 422,
        answer: ErrorAnswer {
            error: message,
            problems: error.problems(),
        },
    }
}

/// The message for a body over `limit` bytes.
pub fn too_large(lang: Lang, limit: u64) -> Refusal {
    let size = human_size(lang, limit);
    Refusal {
        status: 413,
        answer: ErrorAnswer {
            error: match lang {
                Lang::Nl => format!("Het bestand is groter dan de grens van {size}."),
                Lang::Fr => format!("Le fichier dépasse la limite de {size}."),
                Lang::En => format!("The file is larger than the limit of {size}."),
            },
            problems: Vec::new(),
        },
    }
}

/// `195 KB`, `64 MB`, `1,5 Mo`: whole kilobytes below a megabyte, else megabytes to one decimal.
fn human_size(lang: Lang, bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    let (kilo, mega) = lang.pick(("KB", "MB"), ("Ko", "Mo"), ("KB", "MB"));
    if bytes < MIB {
        return format!("{} {kilo}", bytes.div_ceil(1024));
    }
    let tenths = (bytes * 10 + MIB / 2) / MIB;
    let text = if tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        let separator = lang.pick(",", ",", ".");
        format!("{}{separator}{}", tenths / 10, tenths % 10)
    };
    format!("{text} {mega}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_read_as_the_lambda_reads_them() {
        let params = AnalyzeParams::read(
            "as_of=2026-10-31&lang=fr-BE&format=page&file_name=d%C3%A9biteurs+oct.xlsx",
            false,
            Lang::En,
        )
        .unwrap();
        assert_eq!(params.as_of, NaiveDate::from_ymd_opt(2026, 10, 31));
        assert_eq!(params.lang, Some(Lang::Fr));
        assert_eq!(params.format, Format::Page);
        assert_eq!(params.file_name.as_deref(), Some("débiteurs oct.xlsx"));
        assert_eq!(AnalyzeParams::read("", true, Lang::En).unwrap().format, Format::Json);
        assert_eq!(
            AnalyzeParams::read("", false, Lang::En).unwrap().format,
            Format::Workbook
        );
        let refusal = AnalyzeParams::read("as_of=31%2F10%2F2026", false, Lang::Nl).unwrap_err();
        assert_eq!(refusal.status, 400);
        assert_eq!(
            refusal.answer.error,
            "Parameter as_of=\"31/10/2026\" is ongeldig: verwacht een datum als JJJJ-MM-DD, bv. 2026-10-31."
        );
        assert!(AnalyzeParams::read("format=pdf", false, Lang::En).is_err());
        for far in [
            "0001-01-01",
            "9999-12-31",
            "%2B10000-01-01",
            "-0001-01-01",
            "1949-12-31",
            "2201-01-01",
        ] {
            let refusal = AnalyzeParams::read(&format!("as_of={far}"), false, Lang::En).unwrap_err();
            assert_eq!(refusal.status, 400, "{far}");
            assert!(
                refusal
                    .answer
                    .error
                    .ends_with("is invalid: expected a date from 1950-01-01 to 2200-12-31."),
                "{far}: {}",
                refusal.answer.error
            );
        }
        let long = format!("file_name={}.xlsx", "a".repeat(40_000));
        let refusal = AnalyzeParams::read(&long, false, Lang::En).unwrap_err();
        assert_eq!(refusal.status, 400);
        assert_eq!(
            refusal.answer.error,
            format!(
                "Parameter file_name=\"{}...\" is invalid: expected a file name of at most 255 characters.",
                "a".repeat(40)
            )
        );
        let longest = format!("file_name={}.csv", "é".repeat(251));
        assert!(AnalyzeParams::read(&longest, false, Lang::En).is_ok());
        for edge in ["1950-01-01", "2200-12-31"] {
            assert!(
                AnalyzeParams::read(&format!("as_of={edge}"), false, Lang::En).is_ok(),
                "{edge}"
            );
        }
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(Lang::En, 200_000), "196 KB");
        assert_eq!(human_size(Lang::Fr, 64 * 1024 * 1024), "64 Mo");
        assert_eq!(human_size(Lang::Nl, 3 * 1024 * 1024 / 2), "1,5 MB");
    }

    #[test]
    fn the_users_language_comes_from_the_query_then_accept_language() {
        assert_eq!(user_lang("lang=nl", Some("fr")), Lang::Nl);
        assert_eq!(user_lang("", Some("de-DE,fr-BE;q=0.8,en;q=0.5")), Lang::Fr);
        assert_eq!(user_lang("lang=xx", None), Lang::En);
    }
}
