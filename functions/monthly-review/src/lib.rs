//! Lambda: the scheduled monthly portfolio review, e-mailed to each tenant.
