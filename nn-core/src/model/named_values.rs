//! Values under names in a fixed order: what [`Evaluation`](super::Evaluation) and
//! [`Logs`](super::callbacks::Logs) hold.

/// Names fixed when built, values rewritten in place, so that a training run's logs change after
/// every batch without allocating.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct NamedValues {
    names: Vec<String>,
    values: Vec<f32>,
}

impl NamedValues {
    /// `names`, each holding 0 until it is written.
    pub(crate) fn zeros(names: Vec<String>) -> Self {
        let values = vec![0.0; names.len()];
        NamedValues { names, values }
    }

    /// Where `name` is, if it is there.
    pub(crate) fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The value under `name`.
    pub(crate) fn get(&self, name: &str) -> Option<f32> {
        self.position(name).map(|index| self.values[index])
    }

    /// Every name and value, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, f32)> {
        self.names
            .iter()
            .map(String::as_str)
            .zip(self.values.iter().copied())
    }

    /// The values, in the order of the names.
    pub(crate) fn values(&self) -> &[f32] {
        &self.values
    }

    /// The values, writable in the order of the names.
    pub(crate) fn values_mut(&mut self) -> &mut [f32] {
        &mut self.values
    }
}

#[cfg(test)]
impl<'a> FromIterator<(&'a str, f32)> for NamedValues {
    fn from_iter<I: IntoIterator<Item = (&'a str, f32)>>(pairs: I) -> Self {
        let (names, values) = pairs
            .into_iter()
            .map(|(name, value)| (name.to_string(), value))
            .unzip();
        NamedValues { names, values }
    }
}
