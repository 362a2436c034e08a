fn main() {
    let mut candidates = vec![nn::network!(input(4) -> dense(8, relu) -> dense(1); loss = mse; optimizer = adam())];
    candidates.push(nn::network!(input(4) -> dense(16, relu) -> dense(1); loss = mse; optimizer = adam()));
}
