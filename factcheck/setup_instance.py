"""`python -m factcheck.setup_instance`: create instance/ with a random SECRET_KEY, once."""

import os

from factcheck.config import DEFAULT_INSTANCE_PATH, init_instance

if __name__ == "__main__":
    target = os.environ.get("FACTCHECK_INSTANCE_PATH", DEFAULT_INSTANCE_PATH)
    print(f"instance config: {init_instance(target)}")
