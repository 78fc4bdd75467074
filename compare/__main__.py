"""`python -m compare` runs the clausediff command line."""

from compare.cli.console import main

if __name__ == "__main__":
    main()
