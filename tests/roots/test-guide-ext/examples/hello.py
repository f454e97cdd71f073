# print a greeting
print("hello from the example")
