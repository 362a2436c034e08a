//! Getting data ready to train on: scaling fitted on the training rows, one-hot labels,
//! scikit-learn's seeded splits, shuffles, and CSV files read into fixed-width rows and written
//! from them.
//!
//! Rows are arrays (`[f32; N]`), the form `fit` and `predict` take, so a width mismatch between
//! the data and a network is a compile error.

mod csv_lines;
mod csv_table;
mod csv_writer;
mod one_hot;
mod random_state;
mod scaling;
mod split;

pub use csv_table::CsvTable;
pub use csv_writer::{CsvCells, write_csv, write_csv_with_labels};
pub use one_hot::to_categorical;
pub use scaling::{GlobalMinMaxScaler, GlobalStandardScaler, MinMaxScaler, StandardScaler};
pub use split::{Split, shuffle, train_test_split, train_test_split_stratified};
