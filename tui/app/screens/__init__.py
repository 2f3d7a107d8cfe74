"""The app's screens, one a module: the reader and the screens it opens."""
