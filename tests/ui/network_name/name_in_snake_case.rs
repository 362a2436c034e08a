fn main() {
    let _ = nn::network!(dense(8, relu) -> dense(1); loss = mse; optimizer = adam(); name = house_prices);
}
