fn main() {
    let _ = nn::network!(dense(8, relu) -> dense(1); name = Regressor; loss = mse; optimizer = adam(); name = Predictor);
}
