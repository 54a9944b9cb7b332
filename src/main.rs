fn main() {
    partner_portal::start();
}
