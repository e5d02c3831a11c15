"""The dataset on disk and in memory: reading, validating, writing atomically, merging layers."""
