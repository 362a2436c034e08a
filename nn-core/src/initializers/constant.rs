use super::{Fans, Initializer};
use crate::Rng;

/// Keras's `zeros`: every value 0, the default bias initializer of a Dense layer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Zeros;

/// Keras's `ones`: every value 1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ones;

/// Keras's `constant(value)`: every value `value` (default 0).
///
/// ```
/// use nn::initializers::{Constant, Fans, Initializer};
/// use rand::SeedableRng;
/// let mut values = [0.0; 3];
/// let fans = Fans { fan_in: 3, fan_out: 1 };
/// Constant { value: 0.5 }.fill(&mut values, fans, &mut nn::Rng::seed_from_u64(0));
/// assert_eq!(values, [0.5; 3]);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Constant {
    /// The value every weight starts at.
    pub value: f32,
}

impl Initializer for Zeros {
    const NAME: &'static str = "zeros";

    fn fill(&self, values: &mut [f32], _fans: Fans, _rng: &mut Rng) {
        values.fill(0.0);
    }
}

impl Initializer for Ones {
    const NAME: &'static str = "ones";

    fn fill(&self, values: &mut [f32], _fans: Fans, _rng: &mut Rng) {
        values.fill(1.0);
    }
}

impl Initializer for Constant {
    const NAME: &'static str = "constant";

    fn fill(&self, values: &mut [f32], _fans: Fans, _rng: &mut Rng) {
        values.fill(self.value);
    }
}
