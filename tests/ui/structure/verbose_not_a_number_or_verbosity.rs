use nn::prelude::*;

fn main() {
    // Keras accepts `verbose="auto"`; here a level is a `Verbosity` or Keras's number.
    let _ = FitOptions::new().verbose("auto");
}
