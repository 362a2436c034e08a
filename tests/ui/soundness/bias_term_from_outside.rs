// A Dense layer is read and written as raw f32s; a bias term of another type (here bools of the
// same size) would have float bit patterns written into it, so no such type can be declared.
use nn::layers::BiasTerm;

#[derive(Clone, Debug, PartialEq)]
struct Flags([bool; 4]);

impl BiasTerm<1> for Flags {
    const COUNT: usize = 1;

    fn zeros() -> Self {
        Flags([false; 4])
    }

    fn values(&self) -> &[f32] {
        &[]
    }

    fn values_mut(&mut self) -> &mut [f32] {
        &mut []
    }
}

fn main() {}
