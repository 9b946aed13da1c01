/* placeholder, replaced by the CLI */
#include <stdio.h>
#include "vigil/common.h"
int main(void) { printf("vigil %s\n", vg_version()); return 0; }
