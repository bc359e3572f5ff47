// Everything of the I/O-free MySQL protocol layer in one include.
#pragma once

#include "proxy/protocol/binary_row.hpp"
#include "proxy/protocol/binary_value.hpp"
#include "proxy/protocol/buffer.hpp"
#include "proxy/protocol/change_user.hpp"
#include "proxy/protocol/commands.hpp"
#include "proxy/protocol/connect_attrs.hpp"
#include "proxy/protocol/constants.hpp"
#include "proxy/protocol/errc.hpp"
#include "proxy/protocol/framing.hpp"
#include "proxy/protocol/handshake.hpp"
#include "proxy/protocol/response.hpp"
#include "proxy/protocol/resultset.hpp"
#include "proxy/protocol/statement.hpp"
