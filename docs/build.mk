# docs/: man pages are installed from here.
