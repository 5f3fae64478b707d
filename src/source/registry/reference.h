// Image references live in common/ (policy reads them too); this header keeps the registry code's include.
#pragma once

#include "common/image_reference.h"
