fn main() {
    let mut candidates = vec![nn::network!(input(4) -> dense(8, relu) -> dense(1); loss = mse; optimizer = adam(); name = Rectified)];
    candidates.push(nn::network!(input(4) -> dense(8, tanh) -> dense(1); loss = mse; optimizer = adam(); name = Saturating));
}
