//! Browser glue. SKELETON
