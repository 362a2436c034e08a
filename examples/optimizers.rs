//! The pictures everyone who reads about optimizers has seen: the paths of SGD, Momentum,
//! Nesterov, Adagrad, Adadelta, RMSprop and Adam on Beale's function, on a long narrow valley
//! and at a saddle point, computed with the library's own optimizers and drawn as PNG.
//!
//! `cargo run --release --example optimizers` writes `target/plots/optimizers_*.png`. The text
//! is drawn with the DejaVu Sans font nn bundles (`nn-core/assets/`, its licence beside it).

use nn::optimizers::{Adadelta, Adagrad, Adam, Optimizer, RmsProp, Sgd};
use plotters::prelude::*;
use std::fs::File;

/// A function of two parameters with its gradient.
pub struct Surface {
    pub name: &'static str,
    pub value: fn(f32, f32) -> f32,
    pub gradient: fn(f32, f32) -> [f32; 2],
    pub start: [f32; 2],
    pub x_range: (f32, f32),
    pub y_range: (f32, f32),
    /// The learning rate of SGD and its momentum variants, which diverge on Beale's steep walls
    /// at the valley's rate.
    pub sgd_learning_rate: f32,
}

/// Beale's function, minimum at (3, 0.5).
fn beale(x: f32, y: f32) -> f32 {
    let (a, b, c) = (
        1.5 - x + x * y,
        2.25 - x + x * y * y,
        2.625 - x + x * y * y * y,
    );
    a * a + b * b + c * c
}

fn beale_gradient(x: f32, y: f32) -> [f32; 2] {
    let (a, b, c) = (
        1.5 - x + x * y,
        2.25 - x + x * y * y,
        2.625 - x + x * y * y * y,
    );
    [
        2.0 * a * (y - 1.0) + 2.0 * b * (y * y - 1.0) + 2.0 * c * (y * y * y - 1.0),
        2.0 * a * x + 4.0 * b * x * y + 6.0 * c * x * y * y,
    ]
}

/// The three surfaces.
pub fn surfaces() -> [Surface; 3] {
    [
        Surface {
            name: "beale",
            value: beale,
            gradient: beale_gradient,
            start: [1.0, 1.5],
            x_range: (-0.5, 4.0),
            y_range: (-1.0, 2.0),
            sgd_learning_rate: 0.001,
        },
        Surface {
            name: "valley",
            value: |x, y| 0.05 * x * x + 2.0 * y * y,
            gradient: |x, y| [0.1 * x, 4.0 * y],
            start: [-4.0, 1.0],
            x_range: (-4.5, 1.0),
            y_range: (-1.5, 1.5),
            sgd_learning_rate: 0.01,
        },
        Surface {
            name: "saddle",
            value: |x, y| x * x - y * y,
            gradient: |x, y| [2.0 * x, -2.0 * y],
            start: [-1.5, 0.001],
            x_range: (-2.0, 2.0),
            y_range: (-2.0, 2.0),
            sgd_learning_rate: 0.01,
        },
    ]
}

/// The path of `optimizer` from the surface's start over `steps` steps.
fn path(surface: &Surface, mut optimizer: impl Optimizer, steps: usize) -> Vec<[f32; 2]> {
    let mut point = surface.start;
    let mut path = vec![point];
    for _ in 0..steps {
        let gradient = (surface.gradient)(point[0], point[1]);
        optimizer.apply(&mut point, &gradient);
        if !point.iter().all(|v| v.is_finite() && v.abs() < 100.0) {
            break;
        }
        path.push(point);
    }
    path
}

/// Every optimizer's path on `surface`, named.
pub fn paths(surface: &Surface, steps: usize) -> Vec<(&'static str, Vec<[f32; 2]>)> {
    let sgd = |learning_rate, momentum, nesterov| {
        let mut sgd = Sgd::default();
        (sgd.learning_rate, sgd.momentum, sgd.nesterov) = (learning_rate, momentum, nesterov);
        sgd
    };
    let mut adagrad = Adagrad::default();
    adagrad.learning_rate = 0.5;
    let mut adadelta = Adadelta::default();
    adadelta.learning_rate = 1.0;
    let mut rmsprop = RmsProp::default();
    rmsprop.learning_rate = 0.01;
    let mut adam = Adam::default();
    adam.learning_rate = 0.05;
    vec![
        (
            "SGD",
            path(surface, sgd(surface.sgd_learning_rate, 0.0, false), steps),
        ),
        (
            "Momentum",
            path(surface, sgd(surface.sgd_learning_rate, 0.9, false), steps),
        ),
        (
            "Nesterov",
            path(surface, sgd(surface.sgd_learning_rate, 0.9, true), steps),
        ),
        ("Adagrad", path(surface, adagrad, steps)),
        ("Adadelta", path(surface, adadelta, steps)),
        ("RMSprop", path(surface, rmsprop, steps)),
        ("Adam", path(surface, adam, steps)),
    ]
}

fn draw(
    surface: &Surface,
    paths: &[(&str, Vec<[f32; 2]>)],
    file: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let (width, height) = (800, 600);
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    draw_into(surface, paths, &mut pixels, (width, height))?;
    // Encoded with the `png` crate itself: plotters' own encoder would pull in the whole `image`
    // crate, which alone added about a fifth to a clean build of every example.
    let mut encoder =
        png::Encoder::new(std::io::BufWriter::new(File::create(file)?), width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header()?.write_image_data(&pixels)?;
    Ok(())
}

/// Draws one surface and the optimizers' paths over it into `pixels` (RGB, row by row).
fn draw_into(
    surface: &Surface,
    paths: &[(&str, Vec<[f32; 2]>)],
    pixels: &mut [u8],
    size: (u32, u32),
) -> Result<(), Box<dyn std::error::Error>> {
    let root = BitMapBackend::with_buffer(pixels, size).into_drawing_area();
    root.fill(&WHITE)?;
    let (x0, x1) = surface.x_range;
    let (y0, y1) = surface.y_range;
    let mut chart = ChartBuilder::on(&root)
        .caption(surface.name, ("sans-serif", 22))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(40)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart.configure_mesh().disable_mesh().draw()?;
    // The surface as shades on a log scale, so that the valleys show: darker is lower.
    let cells = 50;
    let (dx, dy) = ((x1 - x0) / cells as f32, (y1 - y0) / cells as f32);
    let values: Vec<f32> = (0..cells * cells)
        .map(|i| (surface.value)(x0 + (i % cells) as f32 * dx, y0 + (i / cells) as f32 * dy))
        .collect();
    let (low, high) = values
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    chart.draw_series(values.iter().enumerate().map(|(i, &v)| {
        let (x, y) = (x0 + (i % cells) as f32 * dx, y0 + (i / cells) as f32 * dy);
        let shade = (v - low).ln_1p() / (high - low).ln_1p();
        let level = (150.0 + 105.0 * shade) as u8;
        Rectangle::new(
            [(x, y), (x + dx, y + dy)],
            RGBColor(level, level, 255).filled(),
        )
    }))?;
    for (index, (name, path)) in paths.iter().enumerate() {
        let color = Palette99::pick(index).to_rgba();
        let points = path
            .iter()
            .map(|p| (p[0], p[1]))
            .filter(|(x, y)| (x0..x1).contains(x) && (y0..y1).contains(y));
        chart
            .draw_series(LineSeries::new(points, color.stroke_width(2)))?
            .label(*name)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], color.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()?;
    root.present()?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    nn::model::plot::register_font();
    let directory = concat!(env!("CARGO_MANIFEST_DIR"), "/target/plots");
    std::fs::create_dir_all(directory)?;
    for surface in surfaces() {
        let paths = paths(&surface, 300);
        let file = format!("{directory}/optimizers_{}.png", surface.name);
        draw(&surface, &paths, &file)?;
        println!("{}: {file}", surface.name);
        for (name, path) in &paths {
            let end = path.last().copied().unwrap_or(surface.start);
            println!(
                "  {name:<9} ends at ({:>7.3}, {:>7.3}), f = {:.4}",
                end[0],
                end[1],
                (surface.value)(end[0], end[1])
            );
        }
    }
    Ok(())
}
