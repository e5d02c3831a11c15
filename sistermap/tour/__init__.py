"""The guided tour: its model, the facts language, reading tour files, a step on screen."""
