"""`python -m clientfit` runs the command line, as the installed `clientfit` script does."""

from clientfit.cli import main

if __name__ == "__main__":
    main()
