"""The app's views, one module per person: suppliers (profile), everyone (directory), buyers, primes."""
