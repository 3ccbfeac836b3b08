//! The numbers a sales leader asks of a roadmap: how much pipeline each goal needs and by
//! when (the reverse funnel), whether each goal is on pace, how the stages actually convert
//! (from `history.csv`), and where the goal will land (the forecast).
//!
//! Pure functions of the model and a date: no I/O, no formatting. Render turns the results
//! into tables and charts.

pub mod accounts;
mod actuals;
mod forecast;
pub(crate) mod funnel;
mod pace;

pub use actuals::{Actuals, StageActual, actuals};
pub use forecast::{Forecast, RateSource, forecast};
pub use funnel::{Funnel, FunnelStep, Need, deals_needed, reverse_funnel, won_stage};
pub use pace::{Pace, PaceStatus, pace};

/// Rounds a count of deals up, forgiving the last bits of floating-point noise
/// (`100 / 0.5 = 200.00000000000003` needs 200 deals, not 201).
pub fn ceil_count(x: f64) -> f64 {
    let r = x.round();
    if (x - r).abs() < 1e-9 * x.abs().max(1.0) {
        r
    } else {
        x.ceil()
    }
}
