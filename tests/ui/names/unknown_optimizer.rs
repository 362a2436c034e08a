fn main() {
    let _ = nn::network!(dense(16, relu) -> dense(1, linear); loss = mse; optimizer = adma(lr = 0.005));
}
