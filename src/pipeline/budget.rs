//! Fitting text into a model's context: group paragraphs into parts of at most a given
//! number of tokens, cutting a paragraph that is too long on its own at word
//! boundaries, so long inputs are processed in parts instead of being truncated.

use crate::model::generate::TextGenerator;
use crate::model::ModelError;

/// Group paragraphs into parts of at most `budget` tokens each (a paragraph longer
/// than the budget is split by sentences' characters).
pub fn split_to_budget(
    generator: &dyn TextGenerator,
    paragraphs: &[String],
    budget: usize,
) -> Result<Vec<String>, ModelError> {
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_tokens = 0;
    for paragraph in paragraphs {
        for piece in pieces_within(generator, paragraph, budget)? {
            let tokens = generator.count_tokens(&piece)? + 1;
            if current_tokens + tokens > budget && !current.is_empty() {
                parts.push(std::mem::take(&mut current));
                current_tokens = 0;
            }
            if !current.is_empty() {
                current.push('\n');
            }
            current.push_str(&piece);
            current_tokens += tokens;
        }
    }
    if !current.is_empty() {
        parts.push(current);
    }
    Ok(parts)
}

/// A paragraph as pieces of at most `budget` tokens, cut at word boundaries.
pub fn pieces_within(
    generator: &dyn TextGenerator,
    paragraph: &str,
    budget: usize,
) -> Result<Vec<String>, ModelError> {
    if generator.count_tokens(paragraph)? <= budget {
        return Ok(vec![paragraph.to_string()]);
    }
    let mut pieces = Vec::new();
    let mut current = String::new();
    for word in paragraph.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if generator.count_tokens(&candidate)? > budget && !current.is_empty() {
            pieces.push(std::mem::replace(&mut current, word.to_string()));
        } else {
            current = candidate;
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    Ok(pieces)
}
