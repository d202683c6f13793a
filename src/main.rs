use std::process::ExitCode;

fn main() -> ExitCode {
    acelint::app::main()
}
