//! A training run that outlives its process: everything `fit` needs to carry on exactly where it
//! stopped, in one safetensors file.
//!
//! The tensors are the weights under their Keras names (`dense_0/kernel`), the optimizer's
//! slots cut the same way (`optimizer/velocity/dense_0/kernel`), and the order of the rows of the
//! epoch in progress (or the last one), `shuffle/order` as U64, which the next shuffle starts
//! from. The `__metadata__` strings say what the file is and where the run stood:
//!
//! ```text
//! format                nn training state 1
//! layout                every weight tensor with its shape, to refuse another network
//! optimizer             Keras's name; optimizer.settings: every setting but the learning rate
//! optimizer.iterations  the step count; optimizer.slots: each slot, stored or still empty;
//!                       optimizer.scalars: name=f32 bits in hex
//! learning_rate         f32 bits in hex (a callback may have changed it)
//! epoch, batch          the epoch in progress and how many of its batches are done
//! rng                   the shuffle and dropout generator: seed in hex / stream / word position
//! loss_sum, seen        the epoch's running loss (f64 bits in hex) and its sample count
//! metrics               the metrics' names; metrics.state: their accumulators, f64 bits in hex
//! history               name=f32 bits,...;name=... of every epoch completed
//! ```
//!
//! Every float is kept as its bits, so a run resumed from the file is bit-identical to one that
//! never stopped.

use std::collections::HashMap;
use std::path::Path;

use rand::SeedableRng;
use safetensors::tensor::{Dtype, SafeTensors, TensorView};

use super::History;
use crate::io::SafetensorsFile;
use crate::io::TensorInfo;
use crate::optimizers::OptimizerState;
use crate::{Error, Rng};

/// What the `format` entry of a training-state file says.
const FORMAT: &str = "nn training state 1";

/// Where a saved training run stood, as [`Network::resume_from`](super::Network::resume_from)
/// returns it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ResumePoint {
    /// The epoch to carry on with, from 0: pass it as `FitOptions::initial_epoch`.
    pub epoch: usize,
    /// How many batches of `epoch` were already taken (0 at an epoch's start); the next `fit`
    /// starting at `epoch` skips them and carries on with the epoch's running loss and metrics.
    pub batch: usize,
    /// Every epoch completed before the save.
    pub history: History,
}

/// Where `fit` stands within a run, beyond what the network itself holds.
#[derive(Clone, Debug)]
pub(crate) struct Run {
    /// The epoch in progress (or next to start), from 0.
    pub epoch: usize,
    /// Batches of it already taken.
    pub batch: usize,
    /// The epoch's loss summed over its samples so far, and their number.
    pub loss_sum: f64,
    pub seen: usize,
    /// Every epoch completed.
    pub history: History,
}

/// What a training-state file holds besides the run's position.
pub(crate) struct Contents {
    pub parameters: Vec<f32>,
    pub optimizer: OptimizerState,
    pub learning_rate: f32,
    pub rng: Rng,
    /// The rows' order in the epoch in progress, or the last one if none is.
    pub order: Vec<usize>,
    pub metrics: Vec<f64>,
}

/// What the network reading or writing a file is: anything else in a file is refused.
pub(crate) struct Identity<'a> {
    pub tensors: &'a [TensorInfo],
    pub optimizer: &'static str,
    pub settings: String,
    pub metrics: &'a [&'a str],
}

impl Identity<'_> {
    fn layout(&self) -> String {
        self.tensors
            .iter()
            .map(|tensor| format!("{}{:?}", tensor.name, tensor.shape))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

fn hex_f32(value: f32) -> String {
    format!("{:08x}", value.to_bits())
}

fn hex_f64(value: f64) -> String {
    format!("{:016x}", value.to_bits())
}

fn rng_text(rng: &Rng) -> String {
    let seed: String = rng.get_seed().iter().map(|b| format!("{b:02x}")).collect();
    format!("{seed}/{}/{}", rng.get_stream(), rng.get_word_pos())
}

/// The bytes of a training-state file.
pub(crate) fn encode(
    identity: &Identity<'_>,
    contents: &Contents,
    run: &Run,
) -> Result<Vec<u8>, String> {
    let mut metadata = HashMap::new();
    let mut put = |key: &str, value: String| metadata.insert(key.to_string(), value);
    put("format", FORMAT.to_string());
    put("layout", identity.layout());
    put("optimizer", identity.optimizer.to_string());
    put("optimizer.settings", identity.settings.clone());
    let state = &contents.optimizer;
    put("optimizer.iterations", state.iterations.to_string());
    let slots = state.slots.iter().map(|(name, values)| {
        let stored = if values.is_empty() { "empty" } else { "stored" };
        format!("{name}={stored}")
    });
    put("optimizer.slots", slots.collect::<Vec<_>>().join(","));
    let scalars = (state.scalars.iter()).map(|(name, value)| format!("{name}={}", hex_f32(*value)));
    put("optimizer.scalars", scalars.collect::<Vec<_>>().join(","));
    put("learning_rate", hex_f32(contents.learning_rate));
    put("epoch", run.epoch.to_string());
    put("batch", run.batch.to_string());
    put("rng", rng_text(&contents.rng));
    put("loss_sum", hex_f64(run.loss_sum));
    put("seen", run.seen.to_string());
    put("metrics", identity.metrics.join(","));
    let metric_state = contents.metrics.iter().map(|&v| hex_f64(v));
    put("metrics.state", metric_state.collect::<Vec<_>>().join(","));
    let history = run.history.series.iter().map(|(name, values)| {
        let values: Vec<String> = values.iter().map(|&v| hex_f32(v)).collect();
        format!("{name}={}", values.join(","))
    });
    put("history", history.collect::<Vec<_>>().join(";"));

    let mut tensors: Vec<(String, &TensorInfo, &[f32])> = identity
        .tensors
        .iter()
        .map(|tensor| (tensor.name.clone(), tensor, &contents.parameters[..]))
        .collect();
    for (slot, values) in state.slots.iter().filter(|(_, v)| !v.is_empty()) {
        if values.len() != contents.parameters.len() {
            return Err(format!(
                "the optimizer's `{slot}` holds {} values for {} parameters",
                values.len(),
                contents.parameters.len()
            ));
        }
        for tensor in identity.tensors {
            tensors.push((format!("optimizer/{slot}/{}", tensor.name), tensor, values));
        }
    }
    let bytes: Vec<Vec<u8>> = tensors
        .iter()
        .map(|(_, tensor, values)| {
            values[tensor.offset..tensor.offset + tensor.len()]
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect()
        })
        .collect();
    let mut views = tensors
        .iter()
        .zip(&bytes)
        .map(|((name, tensor, _), bytes)| {
            let view = TensorView::new(Dtype::F32, tensor.shape.clone(), bytes);
            Ok((name.clone(), view.map_err(|e| e.to_string())?))
        })
        .collect::<Result<Vec<_>, String>>()?;
    let order: Vec<u8> = (contents.order.iter())
        .flat_map(|&row| (row as u64).to_le_bytes())
        .collect();
    if !order.is_empty() {
        let view = TensorView::new(Dtype::U64, vec![contents.order.len()], &order);
        views.push((
            "shuffle/order".to_string(),
            view.map_err(|e| e.to_string())?,
        ));
    }
    safetensors::serialize(views, Some(metadata)).map_err(|e| e.to_string())
}

/// A reading failure: the file is not a training state at all, or one of another run.
pub(crate) enum Refusal {
    /// Not a training-state file (or a damaged one).
    NotAState(String),
    /// A state of another network, optimizer or metrics: every difference.
    Mismatch(String),
}

/// The metadata entry `key`, or a refusal.
fn entry<'m>(metadata: &'m HashMap<String, String>, key: &str) -> Result<&'m str, Refusal> {
    metadata
        .get(key)
        .map(String::as_str)
        .ok_or_else(|| Refusal::NotAState(format!("the `{key}` entry is missing")))
}

fn parse<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, Refusal> {
    text.parse()
        .map_err(|_| Refusal::NotAState(format!("`{what}` is not a number: `{text}`")))
}

fn parse_f32(text: &str, what: &str) -> Result<f32, Refusal> {
    u32::from_str_radix(text, 16)
        .map(f32::from_bits)
        .map_err(|_| Refusal::NotAState(format!("`{what}` holds `{text}`, not f32 bits")))
}

fn parse_f64(text: &str, what: &str) -> Result<f64, Refusal> {
    u64::from_str_radix(text, 16)
        .map(f64::from_bits)
        .map_err(|_| Refusal::NotAState(format!("`{what}` holds `{text}`, not f64 bits")))
}

fn parse_rng(text: &str, what: &str) -> Result<Rng, Refusal> {
    let bad = || Refusal::NotAState(format!("`{what}` is not a generator state: `{text}`"));
    let mut parts = text.split('/');
    let (Some(seed), Some(stream), Some(position), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if seed.len() != 64 || !seed.is_ascii() {
        return Err(bad());
    }
    let mut bytes = [0_u8; 32];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&seed[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    let mut rng = Rng::from_seed(bytes);
    rng.set_stream(stream.parse().map_err(|_| bad())?);
    rng.set_word_pos(position.parse().map_err(|_| bad())?);
    Ok(rng)
}

/// `key=value` pairs separated by `separator`, in order.
fn pairs(text: &str, separator: char) -> impl Iterator<Item = (&str, &str)> {
    text.split(separator)
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
}

/// Reads the training-state file at `path` for the network `identity`, after checking its
/// header: the length field and every tensor's offsets fit the file (so that what is read is
/// what the file holds, never what a header claims), and every tensor is named as such a file
/// names them for this network (a weight, an optimizer slot of a weight, the shuffle order);
/// shapes are compared by [`decode`], which names every difference.
pub(crate) fn read(path: &Path, identity: &Identity<'_>) -> Result<Vec<u8>, Error> {
    let file = SafetensorsFile::open(path)?;
    let expected = |name: &str| {
        let weight = name
            .strip_prefix("optimizer/")
            .and_then(|rest| rest.split_once('/'))
            .map_or(name, |(_slot, weight)| weight);
        identity.tensors.iter().find(|tensor| tensor.name == weight)
    };
    let strangers: Vec<String> = file
        .tensors()
        .iter()
        .filter(|declared| expected(&declared.name).is_none() && declared.name != "shuffle/order")
        .map(|declared| format!("`{}` of shape {:?}", declared.name, declared.shape))
        .collect();
    if !strangers.is_empty() {
        return Err(Error::File {
            path: path.display().to_string(),
            message: format!(
                "expected a training state of this network (its weights, optimizer slots of \
                 them, the shuffle order), found {}",
                strangers.join(", ")
            ),
        });
    }
    drop(file);
    std::fs::read(path).map_err(|e| Error::File {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// Reads a training-state file's bytes for the network `identity`.
pub(crate) fn decode(bytes: &[u8], identity: &Identity<'_>) -> Result<(Contents, Run), Refusal> {
    let not_safetensors = |e: safetensors::SafeTensorError| {
        Refusal::NotAState(format!("not a safetensors file: {e}"))
    };
    let (_, header) = SafeTensors::read_metadata(bytes).map_err(not_safetensors)?;
    let file = SafeTensors::deserialize(bytes).map_err(not_safetensors)?;
    let empty = HashMap::new();
    let metadata = header.metadata().as_ref().unwrap_or(&empty);
    match metadata.get("format") {
        Some(format) if format == FORMAT => {}
        Some(format) => {
            return Err(Refusal::NotAState(format!(
                "its format is `{format}`, not `{FORMAT}`"
            )));
        }
        None => {
            return Err(Refusal::NotAState(
                "not a training-state file (a weights file? `format` is missing)".to_string(),
            ));
        }
    }
    let mut differences = Vec::new();
    let layout = entry(metadata, "layout")?;
    if layout != identity.layout() {
        differences.push(format!(
            "its network has tensors {layout}, this one {}",
            identity.layout()
        ));
    }
    let optimizer = entry(metadata, "optimizer")?;
    if optimizer != identity.optimizer {
        differences.push(format!(
            "its optimizer is {optimizer}, this network's {}",
            identity.optimizer
        ));
    } else if entry(metadata, "optimizer.settings")? != identity.settings {
        differences.push(format!(
            "its optimizer's settings are {}, this network's {}",
            entry(metadata, "optimizer.settings")?,
            identity.settings
        ));
    }
    let metrics = entry(metadata, "metrics")?;
    if metrics != identity.metrics.join(",") {
        differences.push(format!(
            "its metrics are [{metrics}], this network's [{}]",
            identity.metrics.join(",")
        ));
    }
    if !differences.is_empty() {
        return Err(Refusal::Mismatch(differences.join("; ")));
    }

    let tensor = |name: &str, info: &TensorInfo, into: &mut [f32]| -> Result<(), Refusal> {
        let view = file
            .tensor(name)
            .map_err(|_| Refusal::NotAState(format!("the tensor `{name}` is missing")))?;
        if view.dtype() != Dtype::F32 || view.shape() != info.shape.as_slice() {
            return Err(Refusal::NotAState(format!(
                "`{name}` is {:?} {:?}, not F32 {:?}",
                view.dtype(),
                view.shape(),
                info.shape
            )));
        }
        let target = &mut into[info.offset..info.offset + info.len()];
        for (value, bytes) in target.iter_mut().zip(view.data().as_chunks::<4>().0) {
            *value = f32::from_le_bytes(*bytes);
        }
        Ok(())
    };
    let count: usize = identity.tensors.iter().map(TensorInfo::len).sum();
    let mut parameters = vec![0.0; count];
    for info in identity.tensors {
        tensor(&info.name, info, &mut parameters)?;
    }
    let mut optimizer = OptimizerState {
        iterations: parse(
            entry(metadata, "optimizer.iterations")?,
            "optimizer.iterations",
        )?,
        ..OptimizerState::default()
    };
    for (slot, stored) in pairs(entry(metadata, "optimizer.slots")?, ',') {
        let mut values = Vec::new();
        if stored == "stored" {
            values = vec![0.0; count];
            for info in identity.tensors {
                tensor(
                    &format!("optimizer/{slot}/{}", info.name),
                    info,
                    &mut values,
                )?;
            }
        }
        optimizer.slots.push((slot.to_string(), values));
    }
    for (name, bits) in pairs(entry(metadata, "optimizer.scalars")?, ',') {
        let value = parse_f32(bits, "optimizer.scalars")?;
        optimizer.scalars.push((name.to_string(), value));
    }
    let metrics = entry(metadata, "metrics.state")?
        .split(',')
        .filter(|v| !v.is_empty())
        .map(|v| parse_f64(v, "metrics.state"))
        .collect::<Result<_, _>>()?;
    let mut history = History::default();
    for (name, values) in pairs(entry(metadata, "history")?, ';') {
        let values = values
            .split(',')
            .filter(|v| !v.is_empty())
            .map(|v| parse_f32(v, "history"))
            .collect::<Result<_, _>>()?;
        history.series.push((name.to_string(), values));
    }
    let contents = Contents {
        parameters,
        optimizer,
        learning_rate: parse_f32(entry(metadata, "learning_rate")?, "learning_rate")?,
        rng: parse_rng(entry(metadata, "rng")?, "rng")?,
        order: read_order(&file)?,
        metrics,
    };
    let run = Run {
        epoch: parse(entry(metadata, "epoch")?, "epoch")?,
        batch: parse(entry(metadata, "batch")?, "batch")?,
        loss_sum: parse_f64(entry(metadata, "loss_sum")?, "loss_sum")?,
        seen: parse(entry(metadata, "seen")?, "seen")?,
        history,
    };
    Ok((contents, run))
}

/// The `shuffle/order` tensor (empty if the file has none), checked to be a permutation.
fn read_order(file: &SafeTensors<'_>) -> Result<Vec<usize>, Refusal> {
    let Ok(view) = file.tensor("shuffle/order") else {
        return Ok(Vec::new());
    };
    let bad = |why: &str| Refusal::NotAState(format!("`shuffle/order` {why}"));
    if view.dtype() != Dtype::U64 || view.shape().len() != 1 {
        return Err(bad("is not a vector of U64"));
    }
    let order: Vec<usize> = (view.data().as_chunks::<8>().0.iter())
        .map(|bytes| u64::from_le_bytes(*bytes) as usize)
        .collect();
    let mut seen = vec![false; order.len()];
    for &row in &order {
        match seen.get_mut(row) {
            Some(seen) if !*seen => *seen = true,
            _ => return Err(bad("is not a permutation of the rows")),
        }
    }
    Ok(order)
}
