//! "Did you mean" for misspelt names, as darling does it.

/// Similarity above which a known name is offered as the intended one (darling's threshold).
const SIMILAR: f64 = 0.8;

/// The end of an "unknown name" message: the closest known name if one is close enough (by
/// Jaro-Winkler similarity), else the list of every known name.
///
/// ```text
/// "rleu", [relu, linear, ...]  ->  "; did you mean `relu`?"
/// "foo",  [relu, linear]       ->  "; expected one of `relu`, `linear`"
/// ```
pub fn did_you_mean<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str> + Clone) -> String {
    let closest = known
        .clone()
        .into_iter()
        .map(|name| (strsim::jaro_winkler(unknown, name), name))
        .filter(|&(similarity, _)| similarity > SIMILAR)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match closest {
        Some((_, name)) => format!("; did you mean `{name}`?"),
        None => {
            let names: Vec<String> = known.into_iter().map(|name| format!("`{name}`")).collect();
            match names.len() {
                0 => String::new(),
                1 => format!("; expected {}", names[0]),
                _ => format!("; expected one of {}", names.join(", ")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_name_or_lists_them_all() {
        let known = ["relu", "linear", "sigmoid", "softmax"];
        assert_eq!(did_you_mean("rleu", known), "; did you mean `relu`?");
        assert_eq!(did_you_mean("sigmod", known), "; did you mean `sigmoid`?");
        assert_eq!(
            did_you_mean("tanh", known),
            "; expected one of `relu`, `linear`, `sigmoid`, `softmax`"
        );
    }
}
