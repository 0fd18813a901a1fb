#!/usr/bin/env python
from ujikom.cli import main

if __name__ == "__main__":
    main()
