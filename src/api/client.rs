//! (client under construction)
