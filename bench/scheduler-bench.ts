// placeholder, replaced by the bench
