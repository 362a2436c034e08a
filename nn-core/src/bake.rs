//! What `nn::bake!` calls while compiling: constant functions that place a weight file's
//! tensors into a network's flat parameters, checking them against its layout as they go.
//!
//! Every function here runs in constant evaluation, where a failed check is a compile error:
//! `bake!` states each check with a message naming the file's tensor before calling
//! [`parameters`], whose own assertions only guard what those checks already cover.

use crate::io::TensorLayout;

/// Whether `layout` has a tensor called `name` of `shape`.
pub const fn holds(layout: &[TensorLayout], name: &str, shape: &[usize]) -> bool {
    let mut i = 0;
    while i < layout.len() {
        if same_text(layout[i].name, name) && same_shape(layout[i].shape, shape) {
            return true;
        }
        i += 1;
    }
    false
}

/// The flat parameters of a network of `layout` from a file's tensors `(name, values)`: each
/// tensor of the layout copied from the file's tensor of its name to its offset.
///
/// # Panics
///
/// While compiling, if a tensor of the layout is not in the file or has another number of
/// values, or the layout leaves a parameter uncovered.
pub const fn parameters<const COUNT: usize>(
    layout: &[TensorLayout],
    file: &[(&str, &[f32])],
) -> [f32; COUNT] {
    let mut parameters = [0.0; COUNT];
    let mut covered = 0;
    let mut t = 0;
    while t < layout.len() {
        let tensor = &layout[t];
        let values = values_of(file, tensor.name);
        assert!(
            values.len() == tensor.len(),
            "a baked tensor holds another number of values than its shape"
        );
        let mut i = 0;
        while i < values.len() {
            parameters[tensor.offset + i] = values[i];
            i += 1;
        }
        covered += values.len();
        t += 1;
    }
    assert!(
        covered == COUNT,
        "the network's tensors do not cover its parameters"
    );
    parameters
}

/// The values of the file's tensor `name`.
const fn values_of<'a>(file: &[(&str, &'a [f32])], name: &str) -> &'a [f32] {
    let mut f = 0;
    while f < file.len() {
        if same_text(file[f].0, name) {
            return file[f].1;
        }
        f += 1;
    }
    panic!("a tensor of the network is not in the baked file")
}

const fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn same_shape(a: &[usize], b: &[usize]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: &[TensorLayout] = &[
        TensorLayout {
            name: "dense_0/kernel",
            shape: &[2, 2],
            offset: 0,
        },
        TensorLayout {
            name: "dense_0/bias",
            shape: &[2],
            offset: 4,
        },
    ];

    #[test]
    fn tensors_land_at_their_offsets_whatever_the_file_s_order() {
        const FILE: &[(&str, &[f32])] = &[
            ("dense_0/bias", &[5.0, 6.0]),
            ("dense_0/kernel", &[1.0, 2.0, 3.0, 4.0]),
        ];
        const PARAMETERS: [f32; 6] = parameters(LAYOUT, FILE);
        assert_eq!(PARAMETERS, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    }

    #[test]
    fn a_tensor_is_held_only_by_name_and_shape_together() {
        assert!(holds(LAYOUT, "dense_0/kernel", &[2, 2]));
        assert!(!holds(LAYOUT, "dense_0/kernel", &[2, 3]));
        assert!(!holds(LAYOUT, "dense_1/kernel", &[2, 2]));
        assert!(!holds(LAYOUT, "dense_0/bia", &[2]));
    }
}
