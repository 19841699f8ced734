//! jixiao: 部门整体支出绩效目标表 as checked TOML specs, rendered to HTML, JSON and PDF.
//!
//! The pipeline flows one way: [`spec`] (load) → [`validate`] (rules, build the
//! [`model::Table`]) → [`forms`] (the printed form as a `Sheet`) → `render`. [`diag`] carries problems as data to the edge.

pub mod console;
pub mod controls;
pub mod diag;
pub mod document;
pub mod fonts;
pub mod formdef;
pub mod forms;
pub mod fullwidth;
pub mod import;
pub mod io_text;
pub mod model;
pub mod money;
pub mod output;
pub mod preview;
pub mod render;
pub mod score;
pub mod selfeval;
pub mod sheet;
pub mod spec;
pub mod target;
pub mod taxonomy;
pub mod validate;
