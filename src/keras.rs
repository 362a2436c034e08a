//! From Keras to nn: the same program, line for line.
//!
//! A Keras model is built, compiled and trained at run time; an nn network is declared with
//! [`network!`](crate::network), checked when the crate compiles, and trained with the methods of
//! [`Model`](crate::Model) (bring them into scope with `use nn::prelude::*`). Names, defaults and
//! the numbers they produce are Keras 3's.
//!
//! | Keras (Python) | nn (Rust) |
//! |---|---|
//! | `model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(16, activation="relu"), layers.Dense(3, activation="softmax")])` | `nn::network! { struct Model; input(4) -> dense(16, relu) -> dense(3, softmax); ... }` |
//! | `model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="categorical_crossentropy", metrics=["accuracy"])` | in the same declaration: `optimizer = adam(lr = 0.01); loss = categorical_crossentropy; metrics = [accuracy];` |
//! | `layers.Dropout(0.2)` | `-> dropout(0.2) ->` |
//! | `layers.Dense(8, kernel_initializer="he_normal", kernel_regularizer=regularizers.L2(1e-4))` | `dense(8, linear, kernel_initializer = he_normal, kernel_regularizer = l2(1e-4))` |
//! | `keras.utils.set_random_seed(42)` | `seed = 42;` in the declaration, or `Model::with_seed(42)` |
//! | `model.summary()` | `println!("{}", Model::SUMMARY)` |
//! | `model.count_params()` | `Model::PARAMETERS` |
//! | `history = model.fit(x, y, epochs=100, batch_size=32, validation_split=0.2, verbose=0)` | `let history = model.fit(&x, &y, &FitOptions::new().epochs(100).batch_size(32).validation_split(0.2).verbose(0))?;` |
//! | `verbose=0`, `verbose=2` | `.verbose(0)`, `.verbose(2)`, or `.verbose(Verbosity::Silent)`, `.verbose(Verbosity::OneLinePerEpoch)` ([`Verbosity`](crate::Verbosity)) |
//! | `model.fit(..., class_weight={0: 1.0, 1: 5.0})`, `initial_epoch=5`, `shuffle=False` | `.class_weight([(0, 1.0), (1, 5.0)])`, `.initial_epoch(5)`, `.shuffle(false)` |
//! | `model.fit(x, y, validation_data=(x_val, y_val), sample_weight=w)` | `model.fit_with(&x, &y, &options, FitExtras::new().validation_data(&x_val, &y_val).sample_weight(&w))?` ([`FitExtras`](crate::FitExtras)) |
//! | `stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3)`, `model.fit(..., callbacks=[stop])`, `stop.stopped_epoch` | `let mut stop = EarlyStopping::new("val_loss").patience(3);`, `model.fit_with(&x, &y, &options, FitExtras::new().callback(&mut stop))?`, `stop.stopped_epoch()` (also `history.stopped_epoch()`) ([`callbacks`](crate::callbacks)) |
//! | `ModelCheckpoint("best.weights.h5", save_best_only=True)` | `ModelCheckpoint::new("best.safetensors").save_best_only(true)` |
//! | `BackupAndRestore("backup_dir")` | `BackupAndRestore::new("backup_dir")` |
//! | `ReduceLROnPlateau`, `LearningRateScheduler`, `TerminateOnNaN`, `CSVLogger`, `LambdaCallback` | `ReduceLrOnPlateau`, `LearningRateScheduler`, `TerminateOnNan`, `CsvLogger`, `LambdaCallback` |
//! | `history.history["loss"]`, `history.history["val_mae"]` | `history.loss()`, `history.get("val_mae")` ([`History`](crate::History)) |
//! | `loss, mae = model.evaluate(x_test, y_test)` | `let scores = model.evaluate(&x_test, &y_test)?; scores.loss(); scores.get("mae")` |
//! | `model.predict(x)` | `model.predict(&x)` (a `Vec<[f32; OUT]>`); one row with no heap allocation: `model.predict_one(&row)` |
//! | `model.save_weights("w.weights.h5")`, `model.load_weights(...)` | `model.save("w.safetensors")?`, `model.load("w.safetensors")?` (Keras's tensor names) |
//! | `model.get_weights()` | `model.network().parameters()` |
//! | `model.optimizer.learning_rate = 1e-4` | `model.optimizer_mut().learning_rate = 1e-4` |
//! | `keras.optimizers.schedules.ExponentialDecay(...)` | [`schedules::ExponentialDecay`](crate::schedules::ExponentialDecay) |
//! | `keras.utils.to_categorical(y, 3)` | `nn::data::to_categorical::<3>(&y)?` |
//! | scikit-learn's `train_test_split(x, y, test_size=0.2, random_state=42)` | `nn::data::train_test_split(&x, &y, 0.2, 42)?` (the same rows, in the same order) |
//! | `train_test_split(x, y, test_size=0.2, random_state=42, stratify=y)` | `nn::data::train_test_split_stratified(&x, &y, 0.2, 42, &y)?` (the same rows) |
//! | `pd.DataFrame(np.column_stack([x, y]), columns=names).to_csv("f.csv", index=False)` | `nn::data::write_csv_with_labels("f.csv", &names, &x, &y)?` (read back bit for bit) |
//! | scikit-learn's `StandardScaler().fit(x_train).transform(x)` | `StandardScaler::fit(&x_train)?.transform(&x)` ([`data`](crate::data)) |
//! | `pandas.read_csv("f.csv")[["a", "b"]].to_numpy()` | `CsvTable::read("f.csv")?.numbers(["a", "b"])?` |
//!
//! Data are rows: `Vec<[f32; N]>` (or a slice of arrays) for inputs, `Vec<[f32; OUT]>` for
//! targets, `Vec<usize>` class indices for the `sparse_` losses. A row of the wrong width is a
//! compile error, not a shape error at run time. Every name the declaration accepts, with its
//! arguments and defaults, is listed on [`network!`](crate::network).
//!
//! The Keras walk-through's classifier, whole:
//!
//! ```
//! use nn::callbacks::{EarlyStopping, ModelCheckpoint};
//! use nn::data::{to_categorical, train_test_split};
//! use nn::prelude::*;
//!
//! nn::network! {
//!     /// keras.Sequential([Input((4,)), Dense(16, "relu"), Dropout(0.1), Dense(3, "softmax")])
//!     pub struct Classifier;
//!     input(4) -> dense(16, relu) -> dropout(0.1) -> dense(3, softmax);
//!     loss = categorical_crossentropy;
//!     optimizer = adam(lr = 0.01);
//!     metrics = [accuracy];
//! }
//!
//! # fn main() -> Result<(), nn::Error> {
//! // Three classes, told apart by the first column.
//! let x: Vec<[f32; 4]> = (0..90).map(|i| [(i % 3) as f32, 0.5, (i % 7) as f32 / 7.0, 1.0]).collect();
//! let labels: Vec<usize> = (0..90).map(|i| i % 3).collect();
//! let y: Vec<[f32; 3]> = to_categorical(&labels)?;
//! let split = train_test_split(&x, &y, 0.2, 42)?;
//!
//! println!("{}", Classifier::SUMMARY);                       // model.summary()
//! let best = std::env::temp_dir().join(format!("nn_keras_page_{}.safetensors", std::process::id()));
//! let mut model = Classifier::with_seed(42);
//! let options = FitOptions::new()                            // model.fit(..., epochs=30,
//!     .epochs(30)                                            //   batch_size=16,
//!     .batch_size(16)                                        //   validation_split=0.2,
//!     .validation_split(0.2)                                 //   verbose=0,
//!     .verbose(0);                                           //   callbacks=[stop, ModelCheckpoint(...)])
//! let mut stop = EarlyStopping::new("val_loss").patience(5).restore_best_weights(true);
//! let extras = FitExtras::new()
//!     .callback(&mut stop)
//!     .callback(ModelCheckpoint::new(&best).save_best_only(true));
//! let history = model.fit_with(&split.x_train, &split.y_train, &options, extras)?;
//! assert!(history.loss().last() < history.loss().first());  // history.history["loss"]
//! assert!(history.get("val_accuracy").is_some());
//! assert_eq!(history.stopped_epoch(), stop.stopped_epoch()); // stop.stopped_epoch
//!
//! let scores = model.evaluate(&split.x_test, &split.y_test)?; // model.evaluate(x_test, y_test)
//! let probabilities = model.predict(&split.x_test);          // model.predict(x_test)
//! assert_eq!(probabilities.len(), split.x_test.len());
//! assert!(scores.get("accuracy").is_some());
//!
//! let mut restored = Classifier::with_seed(0);               // model.load_weights("best...")
//! restored.load(&best)?;
//! # std::fs::remove_file(&best).ok();
//! # Ok(())
//! # }
//! ```
